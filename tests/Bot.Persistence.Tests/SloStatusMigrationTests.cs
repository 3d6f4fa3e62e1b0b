using System.Data.Common;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;
using static Bot.Persistence.Tests.Support.NoticeTestData;

namespace Bot.Persistence.Tests;

/// <summary>
/// Migration 0009 on a database that has notices, their copies and deliveries: notices gain the kind budget_policy
/// (SQLite rebuilds the table), incidents a priority note, and the pushed SLI tables appear.
/// </summary>
public abstract class SloStatusMigrationTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slack = "slack:C0123";

    protected override bool MigrateFirst => false;

    private FixedTimeProvider Clock { get; } = new(T0);

    private SqlNoticeStore Notices => new(Database, Clock);

    [DatabaseFact]
    public async Task Migrate0009_NoticesWithCopiesAndDeliveries_KeepsRowsIdsAndReferencesAndAllowsBudgetPolicy()
    {
        var shipped = SchemaMigrator.LoadScripts(Dialect);
        Assert.Equal((9, "sli"), (shipped[8].Version, shipped[8].Name));
        await new SchemaMigrator(Database, [.. shipped.Take(8)], Clock).MigrateAsync(CancellationToken.None);
        var incident = await IncidentTables.InsertOpenIncidentBefore0009Async(Database, "k1", T0);
        var handoff = await AddAsync(Notices, Handoff("handoff:1"), [PaymentsChannel, Slack]);
        var cover = await AddAsync(Notices, Handoff("cover:1", NoticeKind.CoverRequest) with { TakenBy = "bo", TakenAt = T0.AddMinutes(2) }, [Slack]);
        await InsertCopyAsync(handoff.Id, Slack, "m-1");
        // The highest id ever handed out is gone: the sequence must still not hand it out again.
        var gone = (await AddAsync(Notices, Handoff("handoff:2"), [PaymentsChannel])).Id;
        await Database.WriteAsync(
            async session =>
            {
                await session.ExecuteAsync("DELETE FROM outbox WHERE notice_id = @gone", new { gone });
                await session.ExecuteAsync("DELETE FROM notices WHERE id = @gone", new { gone });
            },
            CancellationToken.None);
        var notices = await Notices.ListAsync(Payments, null, null, 10, CancellationToken.None);
        var outbox = await IncidentTables.OutboxAsync(Database);
        var copies = await CopiesAsync();
        Assert.Equal(2, notices.Count);
        Assert.Equal(3, outbox.Count);

        var applied = await Migrator(Database, Clock).MigrateAsync(CancellationToken.None);

        Assert.Equal(9, applied[0]);
        var after = await Notices.ListAsync(Payments, null, null, 10, CancellationToken.None);
        Assert.Equal(notices.Select(n => n.Id), after.Select(n => n.Id));
        foreach (var (expected, actual) in notices.Zip(after))
        {
            AssertSame(expected, actual);
        }
        Assert.Equal(outbox, await IncidentTables.OutboxAsync(Database));
        Assert.Equal(copies, await CopiesAsync());
        Assert.Equal(["ix_notices_team_created_at", "ux_notices_dedup_key"], await NoticeIndexesAsync());
        if (Dialect == SqlDialect.Sqlite)
        {
            Assert.Equal([("notices", gone)], await SqliteAsync<(string, long)>("SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'notices%'"));
            Assert.Empty(await SqliteAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check"));
            Assert.Equal([1L], await SqliteAsync<long>("SELECT strict FROM pragma_table_list WHERE name = 'notices'"));
        }

        // The copies and the outbox still refer to notices: a missing notice is refused, a kind outside the list too.
        await Assert.ThrowsAnyAsync<DbException>(() => InsertCopyAsync(gone, Slack, "m-9"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(
            "INSERT INTO outbox (destination_key, notice_id, kind, attempts, created_at, due_at) VALUES (@Slack, @gone, 'post', 0, @T0, @T0)", new { Slack, gone, T0 }));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(
            """
            INSERT INTO notices (kind, team_id, dedup_key, state, data, message, version, created_at, updated_at)
            VALUES ('escalation', 'payments', 'x', 'open', '{}', '{}', 1, @T0, @T0)
            """,
            new { T0 }));

        var policy = await AddAsync(Notices, Handoff("budget-policy:1", NoticeKind.BudgetPolicy), [PaymentsChannel]);
        Assert.True(policy.Id > gone);
        Assert.Equal(NoticeKind.BudgetPolicy, (await Notices.FindAsync(policy.Id, CancellationToken.None))!.Kind);
        Assert.Equal(cover.Id, (await Notices.FindByDedupKeyAsync("cover:1", CancellationToken.None))!.Id);

        var incidents = new SqlIncidentStore(Database, Clock);
        Assert.Null((await incidents.FindAsync(incident, CancellationToken.None))!.Incident.PriorityNote);
        Assert.Equal([new BreachSpan(incident, T0, null, null)], await incidents.ListBreachesAsync(CheckoutSlo, T0.AddDays(-1), CancellationToken.None));
        Assert.Equal(new Dictionary<string, int> { [CheckoutSlo] = 1 }, await incidents.CountOpenBySloAsync(CancellationToken.None));
        var sli = new SqlSliStore(Database);
        Assert.Null(await sli.ReadAsync(CheckoutSlo, T0.AddDays(-28), T0, CancellationToken.None));
        Assert.Equal(SliPushOutcome.Recorded, (await sli.RecordAsync(new SliPush(CheckoutSlo, T0.AddMinutes(-5), T0, 9, 10), T0, CancellationToken.None)).Outcome);
    }

    private Task<int> InsertCopyAsync(long noticeId, string destinationKey, string messageId) =>
        ExecuteAsync(
            """
            INSERT INTO notice_messages (notice_id, destination_key, message_id, thread_id, rendered_version, posted_at, conversation_id)
            VALUES (@noticeId, @destinationKey, @messageId, NULL, 1, @T0, 'D01')
            """,
            new { noticeId, destinationKey, messageId, T0 });

    private Task<int> ExecuteAsync(string sql, object parameters) =>
        Database.WriteAsync(session => session.ExecuteAsync(sql, parameters), CancellationToken.None);

    private Task<List<(long, string, string, string)>> CopiesAsync() =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<(long, string, string, string)>(
                "SELECT notice_id, destination_key, message_id, conversation_id FROM notice_messages ORDER BY notice_id, destination_key")).ToList(),
            CancellationToken.None);

    private Task<List<string>> NoticeIndexesAsync() =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<string>(session.Dialect == SqlDialect.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notices' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'notices' AND indexname <> 'notices_pkey' ORDER BY indexname")).ToList(),
            CancellationToken.None);

    private Task<List<T>> SqliteAsync<T>(string sql) =>
        Database.ReadAsync(async session => (await session.QueryAsync<T>(sql)).ToList(), CancellationToken.None);
}

public sealed class SqliteSloStatusMigrationTests() : SloStatusMigrationTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresSloStatusMigrationTests(PostgresServer server) : SloStatusMigrationTests(server);
