namespace Bot.Host.Tests.Infrastructure;

/// <summary>One host on the example catalog, shared by the tests of a class that only read.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public HostFixture()
    {
        Client = Factory.CreateClient();
    }

    public BotApplicationFactory Factory { get; } = new();

    public HttpClient Client { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
