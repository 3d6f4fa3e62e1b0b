using Bot.Core.Delivery;

namespace Bot.Core.Tests.Delivery;

public sealed class DeliveryBackoffTests
{
    private static readonly DeliveryOptions Options = new() { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 8)]
    [InlineData(9, 256)]
    [InlineData(10, 300)]
    [InlineData(1000, 300)]
    public void Step_DoublesFromInitialUpToMax(int attempt, int seconds)
    {
        var backoff = new DeliveryBackoff(Options, new Random(1));

        Assert.Equal(TimeSpan.FromSeconds(seconds), backoff.Step(attempt));
    }

    [Fact]
    public void After_SeededRandom_StaysInUpperHalfOfStepAndVaries()
    {
        var backoff = new DeliveryBackoff(Options, new Random(42));

        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var step = backoff.Step(attempt);
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.After(attempt, null)).ToList();

            Assert.All(delays, d => Assert.InRange(d, step / 2, step));
            Assert.True(delays.Distinct().Count() > 100, $"attempt {attempt}: delays are not jittered");
        }
    }

    [Fact]
    public void After_RetryAfterLongerThanBackoff_WaitsRetryAfter()
    {
        var backoff = new DeliveryBackoff(Options, new Random(7));

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.After(1, TimeSpan.FromSeconds(30)));
        Assert.InRange(backoff.After(8, TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(64), TimeSpan.FromSeconds(128));
    }

    [Fact]
    public void Validate_NonsenseValues_NameTheirKeys()
    {
        var options = new DeliveryOptions { InitialBackoff = TimeSpan.Zero, Parallelism = 0 };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Delivery:InitialBackoff", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Delivery:Parallelism", StringComparison.Ordinal));
        Assert.Empty(new DeliveryOptions().Validate());
    }
}
