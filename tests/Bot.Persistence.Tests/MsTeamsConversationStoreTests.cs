using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

public abstract class MsTeamsConversationStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Tenant = "5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14";
    private const string Channel = "19:b2e4d3c5f6a74e8b9dad1f2e3b4c5d6e@thread.tacv2";
    private const string Team = "19:a1f3c2d4e5b64f7a8c9d0e1f2a3b4c5d@thread.tacv2";
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private SqlMsTeamsConversationStore Store => new SqlMsTeamsConversationStore(Database);

    private static MsTeamsConversation InChannel(DateTimeOffset seenAt, string serviceUrl = "https://smba.trafficmanager.net/emea/") =>
        new(Channel, serviceUrl, Tenant, "channel", Team, Channel, "28:bot", seenAt);

    [DatabaseFact]
    public async Task Save_NewConversation_IsFoundWithEveryField()
    {
        await Store.SaveAsync(InChannel(T0), CancellationToken.None);

        Assert.Equal(InChannel(T0), await Store.FindAsync(Channel, CancellationToken.None));
        Assert.Null(await Store.FindAsync("19:other@thread.tacv2", CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Save_NewerActivityWithMovedServiceUrl_TenantUsesTheNewUrl()
    {
        await Store.SaveAsync(InChannel(T0), CancellationToken.None);
        await Store.SaveAsync(InChannel(T0.AddHours(1), "https://smba.trafficmanager.net/emea/" + Tenant + "/"), CancellationToken.None);

        Assert.Equal("https://smba.trafficmanager.net/emea/" + Tenant + "/", await Store.ServiceUrlOfTenantAsync(Tenant, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Save_OlderActivityArrivingLate_DoesNotOverwriteTheNewer()
    {
        await Store.SaveAsync(InChannel(T0.AddHours(1), "https://new.example/"), CancellationToken.None);
        await Store.SaveAsync(InChannel(T0, "https://old.example/"), CancellationToken.None);

        Assert.Equal("https://new.example/", (await Store.FindAsync(Channel, CancellationToken.None))!.ServiceUrl);
    }

    [DatabaseFact]
    public async Task Save_LaterActivityWithoutTeam_KeepsTheTeamAndChannelRecordedBefore()
    {
        await Store.SaveAsync(InChannel(T0), CancellationToken.None);
        await Store.SaveAsync(new MsTeamsConversation(Channel, "https://smba.trafficmanager.net/emea/", null, null, null, null, null, T0.AddMinutes(5)), CancellationToken.None);

        var found = await Store.FindAsync(Channel, CancellationToken.None);
        Assert.Equal(InChannel(T0.AddMinutes(5)), found);
    }

    [DatabaseFact]
    public async Task ServiceUrlOfTenant_SeveralConversations_IsTheMostRecentlySeen()
    {
        await Store.SaveAsync(InChannel(T0, "https://a.example/"), CancellationToken.None);
        await Store.SaveAsync(new MsTeamsConversation("a:personal", "https://b.example/", Tenant, "personal", null, null, "28:bot", T0.AddMinutes(1)), CancellationToken.None);
        await Store.SaveAsync(new MsTeamsConversation("19:x@thread.tacv2", "https://c.example/", "other-tenant", "channel", null, null, null, T0.AddMinutes(2)), CancellationToken.None);

        Assert.Equal("https://b.example/", await Store.ServiceUrlOfTenantAsync(Tenant, CancellationToken.None));
        Assert.Null(await Store.ServiceUrlOfTenantAsync("unknown-tenant", CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Remove_ThenReinstalled_ConversationIsListedAgain()
    {
        await Store.SaveAsync(InChannel(T0), CancellationToken.None);

        await Store.RemoveAsync(Channel, T0.AddMinutes(1), CancellationToken.None);
        Assert.Empty(await Store.ListAsync(CancellationToken.None));
        Assert.True((await Store.FindAsync(Channel, CancellationToken.None))!.Removed);
        Assert.Equal("https://smba.trafficmanager.net/emea/", await Store.ServiceUrlOfTenantAsync(Tenant, CancellationToken.None));

        await Store.SaveAsync(InChannel(T0.AddMinutes(2)), CancellationToken.None);
        Assert.Equal([InChannel(T0.AddMinutes(2))], await Store.ListAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Remove_OlderThanTheLastActivity_IsIgnored()
    {
        await Store.SaveAsync(InChannel(T0.AddMinutes(5)), CancellationToken.None);

        await Store.RemoveAsync(Channel, T0, CancellationToken.None);

        Assert.False((await Store.FindAsync(Channel, CancellationToken.None))!.Removed);
    }
}

public sealed class SqliteMsTeamsConversationStoreTests() : MsTeamsConversationStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresMsTeamsConversationStoreTests(PostgresServer server) : MsTeamsConversationStoreTests(server);
