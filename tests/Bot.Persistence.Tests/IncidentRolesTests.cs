using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>The IncidentRoles use case and the incident_roles table, on the real stores.</summary>
public abstract class IncidentRolesTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string CoordinatorRotation = "payments-coordinators";

    protected FixedTimeProvider Clock { get; } = new(T0);

    protected IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    private CatalogHolder Catalog
    {
        get
        {
            // Payments' own rotation (Ana alone), and a coordinators' rotation in which Bo is on call at T0 (week 69 of ana, bo).
            var c = IncidentTestData.Catalog();
            Rotation Weekly(string id, RotationShape shape, params string[] participants) =>
                new(id, id, Payments, shape, TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", new DateOnly(2025, 1, 6), participants, null, null);
            var catalog = new ServiceCatalog(
                c.OrgUnits, c.Teams, c.Services, c.Slos,
                [Weekly("payments-primary", RotationShape.OnePersonFixed, "ana"), Weekly(CoordinatorRotation, RotationShape.OnePersonRotating, "ana", "bo")],
                [], [], [], [], [])
            {
                DefaultRoleRotations = new RoleRotations(CoordinatorRotation, null, null),
            };
            var holder = new CatalogHolder(new FixedCatalog(catalog), Clock);
            holder.Reload();
            return holder;
        }
    }

    private RoleOnCall OnCall(CatalogHolder catalog) => new(catalog, new SqlRotationOverrideStore(Database), Clock);

    private IncidentRoles Roles()
    {
        var catalog = Catalog;
        return new IncidentRoles(catalog, Store, OnCall(catalog), Clock);
    }

    [DatabaseFact]
    public async Task Assign_ToTheRotation_PullsInWhoIsOnCallNow_StoresItWithItsEvent_AndTellsEveryCopy()
    {
        var id = await OpenPostedIncidentAsync();
        Clock.Now = T0.AddMinutes(3);

        var result = await Roles().AssignAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Coordinator, RoleAssignee.OnCall(null), "P1 breach", CancellationToken.None);

        const string Text = "Bo Berg (on call for payments-coordinators) is the coordinator, assigned by Ana Souza: P1 breach";
        Assert.Equal(new IncidentActionResult(IncidentActionStatus.Done, id, $"Incident #{id}: {Text}."), result);
        var details = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal([new RoleHolder(IncidentRole.Coordinator, "bo", "Bo Berg", CoordinatorRotation)], details.Incident.Roles);
        Assert.Equal(new IncidentEvent(IncidentEventKind.RoleAssigned, T0.AddMinutes(3), Ana, Text), details.Timeline[^1]);
        Assert.Equal(details.Incident.Roles, Assert.Single(await Store.ListAsync(new IncidentQuery(Payments, null), CancellationToken.None)).Roles);
        Assert.Equal(
            [(PaymentsChannel, "update", null), (PaymentsOnCallChannel, "update", null), (PaymentsChannel, "reply", Text), (PaymentsOnCallChannel, "reply", Text)],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task Assign_ToARotationWithAnOverride_PullsInWhoCoversIt()
    {
        var id = await OpenPostedIncidentAsync();
        await new SqlRotationOverrideStore(Database).AddAsync(
            new RotationOverride(0, CoordinatorRotation, "ana", OnCallRole.Main, T0.AddHours(-1), T0.AddHours(1), "bo", T0.AddHours(-1)), CancellationToken.None);

        var result = await Roles().AssignAsync(new IncidentActionRequest(id, Bo, null), IncidentRole.Expert, RoleAssignee.OnCall(CoordinatorRotation), null, CancellationToken.None);

        Assert.Equal(IncidentActionStatus.Done, result.Status);
        Assert.Equal([new RoleHolder(IncidentRole.Expert, "ana", "Ana Souza", CoordinatorRotation)], (await Store.FindAsync(id, CancellationToken.None))!.Incident.Roles);
    }

    [DatabaseFact]
    public async Task Roles_OtherChangesAndTheSameRoleAgain_KeepTheRowsAsAssigned_AndARemovedExpertGoes()
    {
        var id = await OpenPostedIncidentAsync();
        var roles = Roles();
        Clock.Now = T0.AddMinutes(1);
        await roles.TakeAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Coordinator, CancellationToken.None);
        Clock.Now = T0.AddMinutes(2);
        await roles.AssignAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Expert, RoleAssignee.Person("@bo"), null, CancellationToken.None);
        await roles.AssignAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Expert, RoleAssignee.Person("li"), null, CancellationToken.None);
        Clock.Now = T0.AddMinutes(5);
        await IncidentTestData.Actions(Store, Clock).AcknowledgeAsync(new IncidentActionRequest(id, Bo, null), CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);

        var again = await roles.TakeAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Coordinator, CancellationToken.None);

        Assert.Equal(new IncidentActionResult(IncidentActionStatus.AlreadyDone, id, $"Ana Souza is already the coordinator of incident #{id}."), again);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Equal(
            [("coordinator", "ana", T0.AddMinutes(1)), ("expert", "bo", T0.AddMinutes(2)), ("expert", "li", T0.AddMinutes(2))],
            await RoleRowsAsync(id));

        var removed = await roles.ReleaseAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Expert, "@bo", null, CancellationToken.None);

        Assert.Equal($"Incident #{id}: Bo Berg is no longer a technical expert, by Ana Souza.", removed.Message);
        Assert.Equal([("coordinator", "ana", T0.AddMinutes(1)), ("expert", "li", T0.AddMinutes(2))], await RoleRowsAsync(id));
    }

    [DatabaseFact]
    public async Task Assign_ByANonMember_NotAllowedAndNothingWritten_ButAnUnknownPersonIsNamed()
    {
        var id = await OpenPostedIncidentAsync();
        var counts = await IncidentTables.CountsAsync(Database);

        var refused = await Roles().TakeAsync(new IncidentActionRequest(id, Li, null), IncidentRole.Coordinator, CancellationToken.None);
        var unknown = await Roles().AssignAsync(new IncidentActionRequest(id, Ana, null), IncidentRole.Expert, RoleAssignee.Person("@zed"), null, CancellationToken.None);

        Assert.Equal(
            new IncidentActionResult(IncidentActionStatus.NotAllowed, id,
                $"Only members of team 'payments', admins, and the people on its coordinator and communicator rotations may give out roles in incident #{id}, such as coordinator; Li Wei is not one."),
            refused);
        Assert.Equal((IncidentActionStatus.NotFound, "'@zed' is not a person in the catalog; name them as @id, e.g. @ana, or say 'me'."), (unknown.Status, unknown.Message));
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Classify_SeverityRaisedToError_TheThreadSaysWhichRolesAreNeededAndWhoIsOnCallForThem()
    {
        var id = await OpenPostedIncidentAsync();
        var catalog = Catalog;
        var actions = new IncidentActions(catalog, Store, Clock, OnCall(catalog));
        await actions.ClassifyAsync(new IncidentActionRequest(id, Ana, null), null, IncidentSeverity.Warning, null, CancellationToken.None);

        var raised = await actions.ClassifyAsync(new IncidentActionRequest(id, Ana, null), null, IncidentSeverity.Error, "two teams needed", CancellationToken.None);

        Assert.Equal($"Incident #{id}: Severity changed from warning to error by Ana Souza: two teams needed.", raised.Message);
        Assert.Equal(
            "Severity changed from warning to error by Ana Souza: two teams needed\n" +
            "Severity error: needs a coordinator, who also communicates, and technical experts. " +
            "On call now: coordinator Bo Berg (payments-coordinators), technical expert Ana Souza (payments-primary). " +
            $"Take a role: the buttons, or 'incident #{id} coordinator me'.",
            (await IncidentTables.OutboxAsync(Database)).Last(r => r.Kind == "reply").Text);
    }

    private Task<IReadOnlyList<(string Role, string Member, DateTimeOffset At)>> RoleRowsAsync(long id) =>
        Database.ReadAsync<IReadOnlyList<(string, string, DateTimeOffset)>>(
            async session => [.. (await session.QueryAsync<RoleRowView>(
                "SELECT role, member_id AS memberid, assigned_at AS assignedat FROM incident_roles WHERE incident_id = @id ORDER BY role, member_id", new { id }))
                .Select(r => (r.Role, r.MemberId, r.AssignedAt))],
            CancellationToken.None);

    private async Task<long> OpenPostedIncidentAsync()
    {
        await Ingest(Store, Clock).ExecuteAsync(Batch(Firing("a", Clock.Now)), CancellationToken.None);
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

    private sealed class RoleRowView
    {
        public string Role { get; set; } = "";
        public string MemberId { get; set; } = "";
        public DateTimeOffset AssignedAt { get; set; }
    }

    private sealed class FixedCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "(in code)";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

public sealed class SqliteIncidentRolesTests() : IncidentRolesTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIncidentRolesTests(PostgresServer server) : IncidentRolesTests(server);
