using System.Data.Common;
using Bot.Core.Notices;
using Bot.Core.Stakeholders;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;
using static Bot.Persistence.Tests.Support.NoticeTestData;

namespace Bot.Persistence.Tests.Stakeholders;

/// <summary>
/// Migration 0011 on a database at the schema before it, with notices, their copies and deliveries: notices gain the
/// kind stakeholder_notification (SQLite rebuilds the table, keeping ids, references and the id sequence), and the
/// subscription and notification tables appear.
/// </summary>
public abstract class StakeholdersMigrationTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slack = "slack:C0123";

    protected override bool MigrateFirst => false;

    private FixedTimeProvider Clock { get; } = new(T0);

    private SqlNoticeStore Notices => new(Database, Clock);

    [DatabaseFact]
    public async Task Migrate0011_KeepsNoticesIdsAndReferences_AllowsStakeholderNotifications_AndAddsItsTables()
    {
        var shipped = SchemaMigrator.LoadScripts(Dialect);
        Assert.Equal((11, "stakeholders"), (shipped[10].Version, shipped[10].Name));
        await new SchemaMigrator(Database, [.. shipped.Take(10)], Clock).MigrateAsync(CancellationToken.None);
        var handoff = await AddAsync(Notices, Handoff("handoff:1"), [PaymentsChannel, Slack]);
        var policy = await AddAsync(Notices, Handoff("budget-policy:1", NoticeKind.BudgetPolicy), [Slack]);
        await ExecuteAsync(
            """
            INSERT INTO notice_messages (notice_id, destination_key, message_id, thread_id, rendered_version, posted_at, conversation_id)
            VALUES (@Id, @Slack, 'm-1', NULL, 1, @T0, 'D01')
            """,
            new { handoff.Id, Slack, T0 });
        var gone = (await AddAsync(Notices, Handoff("handoff:2"), [PaymentsChannel])).Id;
        await ExecuteAsync("DELETE FROM outbox WHERE notice_id = @gone", new { gone });
        await ExecuteAsync("DELETE FROM notices WHERE id = @gone", new { gone });
        var notices = await Notices.ListAsync(Payments, null, null, 10, CancellationToken.None);
        var outbox = await IncidentTables.OutboxAsync(Database);

        var applied = await Migrator(Database, Clock).MigrateAsync(CancellationToken.None);

        Assert.Contains(11, applied);
        Assert.DoesNotContain(10, applied);
        var after = await Notices.ListAsync(Payments, null, null, 10, CancellationToken.None);
        Assert.Equal(notices.Select(n => n.Id), after.Select(n => n.Id));
        foreach (var (expected, actual) in notices.Zip(after))
        {
            AssertSame(expected, actual);
        }
        Assert.Equal(outbox, await IncidentTables.OutboxAsync(Database));
        if (Dialect == SqlDialect.Sqlite)
        {
            Assert.Equal([gone], await QueryAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'notices'"));
            Assert.Empty(await QueryAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check"));
            Assert.Equal([1L], await QueryAsync<long>("SELECT strict FROM pragma_table_list WHERE name = 'notices'"));
        }
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(
            """
            INSERT INTO notices (kind, team_id, dedup_key, state, data, message, version, created_at, updated_at)
            VALUES ('escalation', 'payments', 'x', 'open', '{}', '{}', 1, @T0, @T0)
            """,
            new { T0 }));

        var stakeholders = await AddAsync(Notices, Handoff("stakeholders:1:1", NoticeKind.StakeholderNotification), [PaymentsChannel]);
        Assert.True(stakeholders.Id > gone);
        Assert.Equal(NoticeKind.StakeholderNotification, (await Notices.FindAsync(stakeholders.Id, CancellationToken.None))!.Kind);
        Assert.Equal(policy.Id, (await Notices.FindByDedupKeyAsync("budget-policy:1", CancellationToken.None))!.Id);
        var store = new SqlStakeholderStore(Database, Clock);
        Assert.True(await store.SubscribeAsync(new StakeholderSubscription("showcase", "console:dm:pat", "Pat", null, T0), CancellationToken.None));
        Assert.Equal(["showcase"], (await store.ListSubscriptionsAsync(CancellationToken.None)).Select(s => s.GroupId));
        Assert.Empty(await store.ListNotificationsAsync(1, CancellationToken.None));
    }

    private Task<int> ExecuteAsync(string sql, object parameters) =>
        Database.WriteAsync(session => session.ExecuteAsync(sql, parameters), CancellationToken.None);

    private Task<List<T>> QueryAsync<T>(string sql) =>
        Database.ReadAsync(async session => (await session.QueryAsync<T>(sql)).ToList(), CancellationToken.None);
}

public sealed class SqliteStakeholdersMigrationTests() : StakeholdersMigrationTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresStakeholdersMigrationTests(PostgresServer server) : StakeholdersMigrationTests(server);
