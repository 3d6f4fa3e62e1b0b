using System.Data.Common;
using Bot.Core.Delivery;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>
/// Migration 0008 on a database that has been delivering: the outbox gains a notice subject (SQLite rebuilds the table),
/// and what was queued or delivered before goes on as it was.
/// </summary>
public abstract class NoticesMigrationTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slack = "slack:C0123";

    protected override bool MigrateFirst => false;

    private FixedTimeProvider Clock { get; } = new(T0);

    private SqlIncidentStore Store => new(Database, Clock);

    [DatabaseFact]
    public async Task Migrate0008_OutboxWithPendingAndDeliveredEntries_KeepsRowsAndIdsAndNewIdsCountOn()
    {
        var shipped = SchemaMigrator.LoadScripts(Dialect);
        Assert.Equal((8, "notices"), (shipped[7].Version, shipped[7].Name));
        await new SchemaMigrator(Database, [.. shipped.Take(7)], Clock).MigrateAsync(CancellationToken.None);
        var first = await OpenAsync("k1", [PaymentsChannel, Slack]);
        var second = await OpenAsync("k2", [PaymentsChannel]);
        await Store.WriteAsync(async session => { await session.EnqueueUpdateAsync(first, "Acknowledged by Ana", CancellationToken.None); return true; }, CancellationToken.None);
        await DeliverPostAsync(first, PaymentsChannel, "m-1");
        await DeliverPostAsync(first, Slack, "m-2");
        // The highest id ever handed out is gone: the sequence must still not hand it out again.
        var third = await OpenAsync("k3", ["console:gone"]);
        var gone = await LastOutboxIdAsync();
        await Database.WriteAsync(session => session.ExecuteAsync("DELETE FROM outbox WHERE id = @gone", new { gone }), CancellationToken.None);
        var before = await OutboxRowsAsync();
        Assert.Equal(5, before.Count);
        Assert.Equal(2, before.Count(r => r.DeliveredAt is not null));

        var applied = await new SchemaMigrator(Database, [.. shipped.Take(8)], Clock).MigrateAsync(CancellationToken.None);

        Assert.Equal([8], applied);
        Assert.Equal(before, await OutboxRowsAsync());
        var outbox = new SqlOutbox(Database);
        Assert.Equal(
            new OutboxEntry(before[2].Id, PaymentsChannel, MessageSubject.Incident(second), DeliveryKind.Post, null, 0, T0, T0),
            await outbox.HeadAsync(PaymentsChannel, CancellationToken.None));
        Assert.Equal(
            new ChatMessageRef(MessageSubject.Incident(first), Slack, "m-2", null, 1, T0),
            await outbox.FindMessageAsync(MessageSubject.Incident(first), Slack, CancellationToken.None));
        Assert.Equal(
            ["ix_outbox_pending_destination", "ix_outbox_pending_due", "ix_outbox_pending_incident", "ix_outbox_pending_notice", "ux_outbox_notice_post", "ux_outbox_post"],
            await OutboxIndexesAsync());
        if (Dialect == SqlDialect.Sqlite)
        {
            Assert.Equal([("outbox", gone)], await SqliteSequenceAsync("outbox", "outbox_new"));
            Assert.Empty(await Database.ReadAsync(async session => (await session.QueryAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check")).ToList(), CancellationToken.None));
        }

        await Store.WriteAsync(async session => { await session.EnqueuePostsAsync(third, [Slack], CancellationToken.None); return true; }, CancellationToken.None);

        Assert.True(await LastOutboxIdAsync() > gone);
    }

    [DatabaseFact]
    public async Task Migrate0008_OutboxEntry_MustNameExactlyOneSubject()
    {
        await Migrator(Database, Clock).MigrateAsync(CancellationToken.None);
        var incident = await OpenAsync("k1", []);
        var notice = await Database.WriteAsync(
            session => session.QuerySingleAsync<long>(
                """
                INSERT INTO notices (kind, team_id, dedup_key, state, data, message, version, created_at, updated_at)
                VALUES ('handoff', 'payments', 'h1', 'open', '{}', '{}', 1, @T0, @T0) RETURNING id
                """,
                new { T0 }),
            CancellationToken.None);

        await Assert.ThrowsAnyAsync<DbException>(() => InsertOutboxAsync(null, null));
        await Assert.ThrowsAnyAsync<DbException>(() => InsertOutboxAsync(incident, notice));
        await InsertOutboxAsync(incident, null);
        await InsertOutboxAsync(null, notice);

        Assert.Equal([(incident, 0L), (0L, notice)], (await IncidentTables.OutboxAsync(Database)).Select(r => (r.IncidentId, r.NoticeId)));
    }

    private Task<int> InsertOutboxAsync(long? incidentId, long? noticeId) =>
        Database.WriteAsync(
            session => session.ExecuteAsync(
                """
                INSERT INTO outbox (destination_key, incident_id, notice_id, kind, attempts, created_at, due_at)
                VALUES (@Slack, @incidentId, @noticeId, 'post', 0, @T0, @T0)
                """,
                new { Slack, incidentId, noticeId, T0 }),
            CancellationToken.None);

    /// <summary>An incident as stored before 0009 (the store writes the latest columns), with its posts queued by the store.</summary>
    private async Task<long> OpenAsync(string key, IReadOnlyList<string> destinations)
    {
        var id = await IncidentTables.InsertOpenIncidentBefore0009Async(Database, key, T0);
        await Store.WriteAsync(
            async session =>
            {
                await session.EnqueuePostsAsync(id, destinations, CancellationToken.None);
                return true;
            },
            CancellationToken.None);
        return id;
    }

    /// <summary>What SqlOutbox.CompleteAsync did to a post at schema 0007 (chat_messages had no conversation_id yet).</summary>
    private Task DeliverPostAsync(long incidentId, string destinationKey, string messageId) =>
        Database.WriteAsync(
            async session =>
            {
                await session.ExecuteAsync(
                    "UPDATE outbox SET delivered_at = @T0, rendered_version = 1 WHERE incident_id = @incidentId AND destination_key = @destinationKey AND kind = 'post'",
                    new { T0, incidentId, destinationKey });
                await session.ExecuteAsync(
                    """
                    INSERT INTO chat_messages (incident_id, destination_key, message_id, thread_id, rendered_version, posted_at)
                    VALUES (@incidentId, @destinationKey, @messageId, NULL, 1, @T0)
                    """,
                    new { incidentId, destinationKey, messageId, T0 });
            },
            CancellationToken.None);

    private Task<long> LastOutboxIdAsync() =>
        Database.ReadAsync(session => session.QuerySingleAsync<long>("SELECT MAX(id) FROM outbox"), CancellationToken.None);

    private Task<List<OutboxRow>> OutboxRowsAsync() =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<OutboxRow>(
                """
                SELECT id, destination_key AS destinationkey, incident_id AS incidentid, kind, text, attempts, created_at AS createdat,
                       due_at AS dueat, last_error AS lasterror, delivered_at AS deliveredat, failed_at AS failedat, rendered_version AS renderedversion
                FROM outbox ORDER BY id
                """)).ToList(),
            CancellationToken.None);

    private Task<List<string>> OutboxIndexesAsync() =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<string>(session.Dialect == SqlDialect.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name"
                : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'outbox' AND indexname <> 'outbox_pkey' ORDER BY indexname")).ToList(),
            CancellationToken.None);

    private Task<List<(string, long)>> SqliteSequenceAsync(params string[] names) =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<(string, long)>("SELECT name, seq FROM sqlite_sequence WHERE name IN @names ORDER BY name", new { names })).ToList(),
            CancellationToken.None);

    private sealed record OutboxRow
    {
        public long Id { get; init; }
        public string DestinationKey { get; init; } = "";
        public long IncidentId { get; init; }
        public string Kind { get; init; } = "";
        public string? Text { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public DateTimeOffset? FailedAt { get; init; }
        public int? RenderedVersion { get; init; }
    }
}

public sealed class SqliteNoticesMigrationTests() : NoticesMigrationTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresNoticesMigrationTests(PostgresServer server) : NoticesMigrationTests(server);
