using System.Diagnostics;
using Bot.Host.Tests.EndToEnd;
using Bot.Slack.Fake;

namespace Bot.Host.Tests.Slack;

/// <summary>A storm into one channel against Slack's per-channel limit; its own class so it runs beside the other Slack tests.</summary>
public sealed class SlackRateLimitTests
{
    private const string GatewayAvailability = "payment-gateway-requests-availability";

    /// <summary>
    /// 50 incidents at once into one channel, against Slack's limit of about 1 post per second per channel (the fake's
    /// bucket: 1/s, bursts of 3) plus two injected 429s: every incident arrives exactly once, and after each 429 the
    /// bot waited out its <c>Retry-After</c> before posting to that channel again. Takes about 50 s, the limit's own pace.
    /// </summary>
    [Fact]
    public async Task BurstOfFiftyIncidents_AllDeliveredOnceWithinTheRateLimit()
    {
        await using var slack = await SlackBot.StartAsync();
        slack.Slack.FailNext("chat.postMessage", 2, FakeSlackFailure.RateLimited(retryAfterSeconds: 2));
        var regions = Enumerable.Range(1, 50).Select(i => $"zone-{i:D2}").ToList();
        var clock = Stopwatch.StartNew();

        await slack.PostAlertsAsync([.. regions.Select(r => (GatewayAvailability, r, $"Burst in {r}"))]);

        await KestrelBot.Until(() => Task.FromResult(slack.Slack.Messages(SlackBot.PaymentsChannel).Count >= 50), "50 messages", seconds: 90);
        var messages = slack.Slack.Messages(SlackBot.PaymentsChannel);
        Assert.Equal(50, messages.Count);
        Assert.Equal(50, messages.Select(m => m.Ts).Distinct().Count());
        foreach (var region in regions)
        {
            Assert.Single(messages, m => m.AllText.Contains($"Burst in {region}", StringComparison.Ordinal));
        }
        // The injected 429s hit the next two posts, wherever they went: the channel, or the main's direct messages where
        // each incident's escalation pages them. Either way the bot must wait them out for that channel.
        var limits = slack.Slack.RateLimits;
        Assert.True(limits.Count(l => l.Injected) >= 2, $"the fake answered {limits.Count(l => l.Injected)} injected 429s");
        Assert.All(limits, l => Assert.NotNull(l.Channel));
        var posts = slack.Slack.CallsOf("chat.postMessage");
        foreach (var limit in limits)
        {
            var next = posts.Where(p => p.Argument("channel") == limit.Channel && p.At > limit.At).MinBy(p => p.At);
            Assert.True(next is null || next.At >= limit.At + TimeSpan.FromSeconds(limit.RetryAfterSeconds) - TimeSpan.FromMilliseconds(50),
                $"posted again {(next!.At - limit.At).TotalMilliseconds:0} ms after a 429 asking for {limit.RetryAfterSeconds} s");
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
    }
}
