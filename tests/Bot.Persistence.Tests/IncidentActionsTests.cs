using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>The IncidentActions use case end to end on the real stores.</summary>
public abstract class IncidentActionsTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    protected FixedTimeProvider Clock { get; } = new(T0);

    protected IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    private IncidentActions Actions => IncidentTestData.Actions(Store, Clock);

    [DatabaseFact]
    public async Task Acknowledge_ByATeamMember_AcknowledgesAndQueuesAnUpdateAndAReplyPerCopy()
    {
        var id = await OpenPostedIncidentAsync("a");
        Clock.Now = T0.AddMinutes(4);

        var result = await Actions.AcknowledgeAsync(new IncidentActionRequest(id, Bo, null), CancellationToken.None);

        Assert.Equal(new IncidentActionResult(IncidentActionStatus.Done, id, $"Incident #{id} acknowledged by Bo Berg."), result);
        var details = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal((IncidentState.Acknowledged, new Stamp(Bo, T0.AddMinutes(4))), (details.Incident.State, details.Incident.Acknowledged));
        Assert.Equal(new IncidentEvent(IncidentEventKind.Acknowledged, T0.AddMinutes(4), Bo, "Acknowledged by Bo Berg"), details.Timeline[^1]);
        Assert.Equal(
            [(PaymentsChannel, "update", null), (PaymentsOnCallChannel, "update", null),
             (PaymentsChannel, "reply", "Acknowledged by Bo Berg"), (PaymentsOnCallChannel, "reply", "Acknowledged by Bo Berg")],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task Classify_PriorityByATeamMember_ChangesItWithTheReasonOnTheTimeline_AndTellsEveryCopy()
    {
        var id = await OpenPostedIncidentAsync("a");
        Clock.Now = T0.AddMinutes(6);

        var result = await Actions.ClassifyAsync(new IncidentActionRequest(id, Bo, null), 2, null, "workaround in place", CancellationToken.None);

        const string Text = "Priority changed from P1 to P2 by Bo Berg: workaround in place";
        Assert.Equal(new IncidentActionResult(IncidentActionStatus.Done, id, $"Incident #{id}: {Text}."), result);
        var details = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(2, details.Incident.Priority);
        Assert.Equal(new IncidentEvent(IncidentEventKind.PriorityChanged, T0.AddMinutes(6), Bo, Text), details.Timeline[^1]);
        Assert.Equal(
            [(PaymentsChannel, "update", null), (PaymentsOnCallChannel, "update", null), (PaymentsChannel, "reply", Text), (PaymentsOnCallChannel, "reply", Text)],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task Classify_SeverityDown_ThenTheSameAgain_ChangesOnce()
    {
        var id = await OpenPostedIncidentAsync("a");

        var lowered = await Actions.ClassifyAsync(new IncidentActionRequest(id, Ana, null), null, IncidentSeverity.Warning, null, CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);
        var again = await Actions.ClassifyAsync(new IncidentActionRequest(id, Ana, null), null, IncidentSeverity.Warning, null, CancellationToken.None);

        Assert.Equal(IncidentActionStatus.Done, lowered.Status);
        Assert.Equal($"Incident #{id}: Severity changed from critical to warning by Ana Souza.", lowered.Message);
        Assert.Equal(IncidentActionStatus.AlreadyDone, again.Status);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        var details = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(IncidentSeverity.Warning, details.Incident.Severity);
        Assert.Equal(IncidentEventKind.SeverityChanged, details.Timeline[^1].Kind);
    }

    [DatabaseFact]
    public async Task Classify_ByANonMember_NotAllowedAndNothingWritten()
    {
        var id = await OpenPostedIncidentAsync("a");
        var counts = await IncidentTables.CountsAsync(Database);

        var result = await Actions.ClassifyAsync(new IncidentActionRequest(id, Li, null), 3, null, null, CancellationToken.None);

        Assert.Equal(IncidentActionStatus.NotAllowed, result.Status);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Equal(1, (await Store.FindAsync(id, CancellationToken.None))!.Incident.Priority);
    }

    [DatabaseFact]
    public async Task Acknowledge_SecondTimeByAnotherMember_AlreadyDoneNamingTheFirst()
    {
        var id = await OpenPostedIncidentAsync("a");
        await Actions.AcknowledgeAsync(new IncidentActionRequest(id, Bo, null), CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);

        var result = await Actions.AcknowledgeAsync(new IncidentActionRequest(id, Ana, null), CancellationToken.None);

        Assert.Equal(IncidentActionStatus.AlreadyDone, result.Status);
        Assert.Contains("already acknowledged by Bo Berg", result.Message, StringComparison.Ordinal);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Equal(Bo, (await Store.FindAsync(id, CancellationToken.None))!.Incident.Acknowledged!.By);
    }

    [DatabaseFact]
    public async Task Acknowledge_ByANonMember_NotAllowedAndNothingWritten()
    {
        var id = await OpenPostedIncidentAsync("a");
        var counts = await IncidentTables.CountsAsync(Database);

        var result = await Actions.AcknowledgeAsync(new IncidentActionRequest(id, Li, null), CancellationToken.None);

        Assert.Equal(IncidentActionStatus.NotAllowed, result.Status);
        Assert.Contains("Li Wei is not one", result.Message, StringComparison.Ordinal);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        var incident = (await Store.FindAsync(id, CancellationToken.None))!.Incident;
        Assert.Equal((IncidentState.Open, null, 1), (incident.State, incident.Acknowledged, incident.Version));
    }

    [DatabaseFact]
    public async Task Acknowledge_UnknownId_NotFound()
    {
        await OpenPostedIncidentAsync("a");

        var result = await Actions.AcknowledgeAsync(new IncidentActionRequest(404, Ana, null), CancellationToken.None);

        Assert.Equal(new IncidentActionResult(IncidentActionStatus.NotFound, 404, "There is no incident #404."), result);
    }

    [DatabaseFact]
    public async Task Acknowledge_NoIdInATeamChannel_AcknowledgesTheTeamsLatestOpenIncident()
    {
        var older = await OpenPostedIncidentAsync("a");
        Clock.Now = T0.AddMinutes(10);
        var latest = await OpenPostedIncidentAsync("b", region: "us-east-1");

        var result = await Actions.AcknowledgeAsync(new IncidentActionRequest(null, Ana, Payments), CancellationToken.None);

        Assert.Equal((IncidentActionStatus.Done, latest), (result.Status, result.IncidentId));
        Assert.Null((await Store.FindAsync(older, CancellationToken.None))!.Incident.Acknowledged);
        Assert.Equal(Ana, (await Store.FindAsync(latest, CancellationToken.None))!.Incident.Acknowledged!.By);
    }

    private async Task<long> OpenPostedIncidentAsync(string instance, string region = "eu-west-1")
    {
        await Ingest(Store, Clock).ExecuteAsync(Batch(Firing(instance, Clock.Now, extra: ("region", region))), CancellationToken.None);
        var outbox = new SqlOutbox(Database);
        long id = 0;
        foreach (var destination in new[] { PaymentsChannel, PaymentsOnCallChannel })
        {
            var post = (await outbox.HeadAsync(destination, CancellationToken.None))!;
            await outbox.CompleteAsync(post, new ChatMessageRef(post.Subject, destination, $"m-{post.Id}", null, 1, Clock.Now), 1, Clock.Now, CancellationToken.None);
            id = post.Subject.Id;
        }

        return id;
    }
}

public sealed class SqliteIncidentActionsTests() : IncidentActionsTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIncidentActionsTests(PostgresServer server) : IncidentActionsTests(server);
