using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

public abstract class ConsoleChannelStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 26, 1, 30, 0, TimeSpan.Zero);

    protected IConsoleChannelStore Store => new SqlConsoleChannelStore(Database);

    [DatabaseFact]
    public async Task Post_ThreeMessages_ListReturnsThemOldestFirst()
    {
        var first = await Store.PostAsync("slo-breaches", "{\"text\":\"one\"}", null, T0, CancellationToken.None);
        var second = await Store.PostAsync("slo-breaches", "{\"text\":\"two\"}", null, T0.AddSeconds(1), CancellationToken.None);
        var third = await Store.PostAsync("slo-breaches", "{\"text\":\"three\"}", null, T0.AddSeconds(2), CancellationToken.None);

        var listed = await Store.ListAsync("slo-breaches", 10, CancellationToken.None);

        Assert.Equal([first, second, third], listed);
        Assert.True(first.Id < second.Id && second.Id < third.Id);
        Assert.Equal(new ConsoleMessage(first.Id, "slo-breaches", null, "{\"text\":\"one\"}", T0, null), listed[0]);
    }

    [DatabaseFact]
    public async Task List_LimitSmallerThanChannel_KeepsNewestInAscendingOrder()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.PostAsync("ops", $"m{i}", null, T0.AddSeconds(i), CancellationToken.None);
        }

        var listed = await Store.ListAsync("ops", 2, CancellationToken.None);

        Assert.Equal(["m4", "m5"], listed.Select(m => m.Body));
    }

    [DatabaseFact]
    public async Task List_TwoChannels_ReturnsOnlyTheAskedOne()
    {
        await Store.PostAsync("team-a", "a1", null, T0, CancellationToken.None);
        await Store.PostAsync("team-b", "b1", null, T0, CancellationToken.None);

        Assert.Equal(["a1"], (await Store.ListAsync("team-a", 10, CancellationToken.None)).Select(m => m.Body));
        Assert.Empty(await Store.ListAsync("team-c", 10, CancellationToken.None));
        Assert.Empty(await Store.ListAsync("team-a", 0, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Update_KnownMessage_ReplacesBodyAndSetsEditedAt()
    {
        var posted = await Store.PostAsync("ops", "firing", null, T0, CancellationToken.None);
        await Store.PostAsync("ops", "other", null, T0, CancellationToken.None);

        var updated = await Store.UpdateAsync("ops", posted.Id, "acknowledged", T0.AddMinutes(3), CancellationToken.None);

        Assert.True(updated);
        var listed = await Store.ListAsync("ops", 10, CancellationToken.None);
        Assert.Equal(posted with { Body = "acknowledged", EditedAt = T0.AddMinutes(3) }, listed[0]);
        Assert.Equal(("other", null), (listed[1].Body, listed[1].EditedAt));
    }

    [DatabaseFact]
    public async Task Update_UnknownId_ReturnsFalse()
    {
        var posted = await Store.PostAsync("ops", "firing", null, T0, CancellationToken.None);

        Assert.False(await Store.UpdateAsync("ops", posted.Id + 1000, "x", T0, CancellationToken.None));
        Assert.Equal("firing", Assert.Single(await Store.ListAsync("ops", 10, CancellationToken.None)).Body);
    }

    [DatabaseFact]
    public async Task Update_MessageOfAnotherChannel_ReturnsFalseAndLeavesItAlone()
    {
        var posted = await Store.PostAsync("team-a", "firing", null, T0, CancellationToken.None);

        Assert.False(await Store.UpdateAsync("team-b", posted.Id, "hijacked", T0.AddMinutes(1), CancellationToken.None));
        Assert.Equal(posted, Assert.Single(await Store.ListAsync("team-a", 10, CancellationToken.None)));
    }

    [DatabaseFact]
    public async Task Post_ReplyInThread_KeepsThreadId()
    {
        var root = await Store.PostAsync("ops", "incident #7", null, T0, CancellationToken.None);
        var threadId = root.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var reply = await Store.PostAsync("ops", "acknowledged by ana", threadId, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(threadId, reply.ThreadId);
        var listed = await Store.ListAsync("ops", 10, CancellationToken.None);
        Assert.Equal([null, threadId], listed.Select(m => m.ThreadId));
    }

    [DatabaseFact]
    public async Task Post_TimeWithOffsetAndSubMicrosecondTicks_ReadsBackSameInstantInUtcToTheMicrosecond()
    {
        var local = new DateTimeOffset(2025, 3, 30, 3, 15, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var expected = new DateTimeOffset(2025, 3, 30, 1, 15, 0, TimeSpan.Zero).AddTicks(1_234_560);

        var posted = await Store.PostAsync("ops", "x", null, local, CancellationToken.None);
        await Store.UpdateAsync("ops", posted.Id, "y", local.AddTicks(5), CancellationToken.None);
        var read = Assert.Single(await Store.ListAsync("ops", 1, CancellationToken.None));

        Assert.Equal(expected, posted.PostedAt);
        Assert.Equal((expected, TimeSpan.Zero), (read.PostedAt, read.PostedAt.Offset));
        Assert.Equal(expected.AddTicks(10), read.EditedAt);
        Assert.Equal(TimeSpan.Zero, read.EditedAt!.Value.Offset);
    }

    [DatabaseFact]
    public async Task Post_TimesBeforeAndAfterTheUnixEpoch_RoundTrip()
    {
        var before = new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.Zero).AddTicks(-7);
        var after = new DateTimeOffset(2262, 4, 11, 23, 47, 16, TimeSpan.Zero);

        await Store.PostAsync("ops", "moon", null, before, CancellationToken.None);
        await Store.PostAsync("ops", "far", null, after, CancellationToken.None);

        var listed = await Store.ListAsync("ops", 10, CancellationToken.None);
        Assert.Equal([before.AddTicks(-3), after], listed.Select(m => m.PostedAt));
    }
}

public sealed class SqliteConsoleChannelStoreTests() : ConsoleChannelStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresConsoleChannelStoreTests(PostgresServer server) : ConsoleChannelStoreTests(server);
