using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>The IngestAlerts use case end to end on the real stores.</summary>
public abstract class IngestAlertsTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    protected FixedTimeProvider Clock { get; } = new(T0);

    protected IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    protected IOutbox Outbox => new SqlOutbox(Database);

    private IngestAlerts Ingest() => IncidentTestData.Ingest(Store, Clock);

    [DatabaseFact]
    public async Task Execute_ThreeAlertsOfOneSlo_OneIncidentPostedToEachTeamDestination()
    {
        var result = await Ingest().ExecuteAsync(Batch(Firing("a", T0), Firing("b", T0), Firing("c", T0.AddSeconds(5))), CancellationToken.None);

        Assert.Equal(new IngestResult(3, Opened: 1, Updated: 0, Unrouted: 0, Ignored: 0), result);
        var incident = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal((Payments, CheckoutSlo, IncidentState.Open, IncidentSeverity.Critical, 1, 3, 3),
            (incident.TeamId, incident.SloId, incident.State, incident.Severity, incident.Priority, incident.Occurrences, incident.Alerts.Count));
        Assert.Equal(new Uri("https://runbooks.example.com/checkout"), incident.Links.Runbook);
        Assert.Equal(14.4, incident.Budget?.BurnRate);
        Assert.Equal(
            [(PaymentsChannel, "post", incident.Id), (PaymentsOnCallChannel, "post", incident.Id)],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.DestinationKey, r.Kind, r.IncidentId)));
    }

    [DatabaseFact]
    public async Task Execute_AlertmanagerRedeliveryWithNanosecondTimes_ChangesNothing()
    {
        // Alertmanager writes RFC 3339 with nanoseconds; storage keeps microseconds.
        var body = System.Text.Encoding.UTF8.GetBytes($$$"""
            {"version":"4","status":"firing","alerts":[{"status":"firing","startsAt":"2026-05-04T10:15:42.123456789Z","endsAt":"0001-01-01T00:00:00Z",
             "labels":{"alertname":"CheckoutErrors","sloth_id":"{{{CheckoutSlo}}}","instance":"a"}}]}
            """);
        var batch = new Bot.Core.Alerts.AlertmanagerPayloadParser().Parse(body, T0);
        await Ingest().ExecuteAsync(batch, CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);

        var again = await Ingest().ExecuteAsync(new Bot.Core.Alerts.AlertmanagerPayloadParser().Parse(body, T0.AddMinutes(5)), CancellationToken.None);

        Assert.Equal(new IngestResult(1, 0, 0, 0, 0), again);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Execute_ResolvedAndFiredAgainInOneBatch_OpensASecondIncident()
    {
        var first = Firing("a", T0);
        await Ingest().ExecuteAsync(Batch(first), CancellationToken.None);

        var result = await Ingest().ExecuteAsync(Batch(first.Resolved(T0.AddMinutes(3)), Firing("a", T0.AddMinutes(4))), CancellationToken.None);

        Assert.Equal((1, 1), (result.Opened, result.Updated));
        var incidents = await Store.ListAsync(new IncidentQuery(), CancellationToken.None);
        Assert.Equal([IncidentState.Open, IncidentState.Resolved], incidents.Select(i => i.State));
        Assert.Equal(T0.AddMinutes(4), Assert.Single(incidents[0].Alerts).StartsAt);
    }

    [DatabaseFact]
    public async Task Execute_SameBatchRedelivered_ChangesNothing()
    {
        var batch = Batch(Firing("a", T0), Firing("b", T0), Firing("c", T0.AddSeconds(5)));
        await Ingest().ExecuteAsync(batch, CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);
        var before = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Clock.Now = T0.AddMinutes(1);

        var result = await Ingest().ExecuteAsync(batch, CancellationToken.None);

        Assert.Equal(new IngestResult(3, 0, 0, 0, 0), result);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        IncidentStoreTests.AssertSameRecord(before, Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None)));
    }

    [DatabaseFact]
    public async Task Execute_AllAlertsResolvedAfterThePosts_ResolvesAndQueuesAnUpdateAndAReplyPerDestination()
    {
        var alerts = new[] { Firing("a", T0), Firing("b", T0), Firing("c", T0) };
        await Ingest().ExecuteAsync(Batch(alerts), CancellationToken.None);
        await DeliverEverythingAsync();
        Clock.Now = T0.AddMinutes(20);

        var result = await Ingest().ExecuteAsync(Batch(alerts.Select(a => a.Resolved(T0.AddMinutes(19)))), CancellationToken.None);

        Assert.Equal(1, result.Updated);
        var incident = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal((IncidentState.Resolved, new Stamp(null, T0.AddMinutes(19))), (incident.State, incident.Resolved));
        Assert.All(incident.Alerts, a => Assert.Equal(Bot.Core.Alerts.AlertStatus.Resolved, a.Status));
        Assert.Equal(
            [(PaymentsChannel, "update", null), (PaymentsOnCallChannel, "update", null),
             (PaymentsChannel, "reply", "Resolved: all alerts stopped firing (last at 2026-05-04 10:34:42Z)"),
             (PaymentsOnCallChannel, "reply", "Resolved: all alerts stopped firing (last at 2026-05-04 10:34:42Z)")],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task Execute_ResolvedBeforeThePostWentOut_EditCoalescesIntoThePost()
    {
        var alert = Firing("a", T0);
        await Ingest().ExecuteAsync(Batch(alert), CancellationToken.None);

        await Ingest().ExecuteAsync(Batch(alert.Resolved(T0.AddMinutes(3))), CancellationToken.None);

        Assert.Equal(
            ["post", "post", "reply", "reply"],
            (await IncidentTables.OutboxAsync(Database)).Select(r => r.Kind));
    }

    [DatabaseFact]
    public async Task Execute_UnroutedAlert_OpensAFlaggedIncidentPostedToTheFallback()
    {
        var result = await Ingest().ExecuteAsync(Batch(Unrouted("db-7", T0)), CancellationToken.None);

        Assert.Equal(1, result.Unrouted);
        var incident = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Null(incident.TeamId);
        Assert.StartsWith("no catalog SLO matchers matched", incident.UnroutedReason, StringComparison.Ordinal);
        var post = Assert.Single(await IncidentTables.OutboxAsync(Database));
        Assert.Equal((UnroutedChannel, "post", incident.Id), (post.DestinationKey, post.Kind, post.IncidentId));
    }

    [DatabaseFact]
    public async Task Execute_StormOfAThousandAlertsInFiveBatches_OneIncidentOnePostAndAtMostOnePendingUpdatePerDestination()
    {
        for (var batch = 0; batch < 5; batch++)
        {
            Clock.Now = T0.AddSeconds(batch);
            await Ingest().ExecuteAsync(Batch(Enumerable.Range(batch * 200, 200).Select(i => Firing($"pod-{i}", T0))), CancellationToken.None);
            if (batch == 0)
            {
                await DeliverEverythingAsync();
            }
        }

        var incident = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal((1000, 1000), (incident.Occurrences, incident.Alerts.Count));
        var rows = await IncidentTables.OutboxAsync(Database);
        Assert.Equal([PaymentsChannel, PaymentsOnCallChannel], rows.Where(r => r.Kind == "post").Select(r => r.DestinationKey));
        Assert.Equal(
            [(PaymentsChannel, "update"), (PaymentsOnCallChannel, "update")],
            rows.Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind)));
    }

    /// <summary>Plays the delivery dispatcher: completes every due entry with the incident's current version.</summary>
    private async Task DeliverEverythingAsync()
    {
        foreach (var destination in await Outbox.DueDestinationsAsync(Clock.Now, 100, CancellationToken.None))
        {
            while (await Outbox.HeadAsync(destination, CancellationToken.None) is { } head)
            {
                var version = (await Store.FindAsync(head.Subject.Id, CancellationToken.None))!.Incident.Version;
                var message = head.Kind == DeliveryKind.Post ? new ChatMessageRef(head.Subject, destination, $"m-{head.Id}", null, version, Clock.Now) : null;
                await Outbox.CompleteAsync(head, message, version, Clock.Now, CancellationToken.None);
            }
        }
    }
}

public sealed class SqliteIngestAlertsTests() : IngestAlertsTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIngestAlertsTests(PostgresServer server) : IngestAlertsTests(server);
