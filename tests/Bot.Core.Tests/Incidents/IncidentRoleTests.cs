using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Incidents;

/// <summary>Response roles on the incident (book Tables 9.15/9.16): who holds them, what each change says, what a severity asks for.</summary>
public sealed class IncidentRoleTests
{
    private static readonly DateTimeOffset T0 = TestAlerts.T0;
    private static readonly Actor Ana = new("ana", "Ana Souza", ActionSource.Console);
    private static readonly Actor Bo = new("bo", "Bo Berg", ActionSource.Slack);
    private static readonly RoleHolder AnaHolds = new(IncidentRole.Coordinator, "ana", "Ana Souza");
    private static readonly RoleHolder BoHolds = new(IncidentRole.Coordinator, "bo", "Bo Berg");

    private static Incident Open()
    {
        var alert = TestAlerts.Firing(("alertname", "CheckoutHighErrorRate"), ("sloth_id", "checkout-requests-availability"), ("sloth_severity", "page"));
        var incident = Incident.Open("key", alert, AlertRouter.Route(TestCatalog.Create(), alert), new IncidentFacts("Checkout errors", 1, IncidentLinks.None), T0, TimeSpan.FromHours(2));
        incident.MarkSaved(42);
        return incident;
    }

    [Fact]
    public void AssignRole_TakenByThemselves_HoldsItBumpsTheVersionAndSaysSoOnTheTimeline()
    {
        var incident = Open();
        var version = incident.Version;

        var change = incident.AssignRole(IncidentRole.Coordinator, AnaHolds, Ana, null, T0.AddMinutes(3));

        Assert.Equal(IncidentChange.Reply("Ana Souza took the coordinator role"), change);
        Assert.Equal([AnaHolds], incident.Roles);
        Assert.Equal(version + 1, incident.Version);
        Assert.Equal(new IncidentEvent(IncidentEventKind.RoleAssigned, T0.AddMinutes(3), Ana, "Ana Souza took the coordinator role"), Assert.Single(incident.NewEvents));
    }

    [Fact]
    public void AssignRole_AnotherCoordinator_ReplacesTheFirstAndSaysFromWhomToWhom()
    {
        var incident = Open();
        incident.AssignRole(IncidentRole.Coordinator, AnaHolds, Ana, null, T0);

        var change = incident.AssignRole(IncidentRole.Coordinator, BoHolds with { RotationId = "incident-coordinators" }, Ana, "handing over for the night", T0.AddHours(8));

        Assert.Equal("Coordinator changed from Ana Souza to Bo Berg (on call for incident-coordinators) by Ana Souza: handing over for the night", change.ThreadReply);
        Assert.Equal([BoHolds with { RotationId = "incident-coordinators" }], incident.Roles);
    }

    [Fact]
    public void AssignRole_SamePersonAgain_ChangesNothing()
    {
        var incident = Open();
        incident.AssignRole(IncidentRole.Communicator, AnaHolds, Bo, null, T0);
        var version = incident.Version;

        var change = incident.AssignRole(IncidentRole.Communicator, AnaHolds, Ana, null, T0.AddMinutes(1));

        Assert.Same(IncidentChange.None, change);
        Assert.Equal(version, incident.Version);
        Assert.Single(incident.NewEvents);
    }

    [Fact]
    public void AssignRole_Experts_AreAddedNextToEachOtherAndTheCoordinator()
    {
        var incident = Open();
        incident.AssignRole(IncidentRole.Coordinator, AnaHolds, Ana, null, T0);

        var first = incident.AssignRole(IncidentRole.Expert, BoHolds, Ana, "knows the ledger", T0.AddMinutes(1));
        incident.AssignRole(IncidentRole.Expert, new RoleHolder(IncidentRole.Expert, "cy", "Cy Diaz", "payments-primary"), Ana, null, T0.AddMinutes(2));
        var again = incident.AssignRole(IncidentRole.Expert, BoHolds, Ana, null, T0.AddMinutes(3));

        Assert.Equal("Bo Berg is a technical expert, assigned by Ana Souza: knows the ledger", first.ThreadReply);
        Assert.Same(IncidentChange.None, again);
        Assert.Equal(
            [AnaHolds, new RoleHolder(IncidentRole.Expert, "bo", "Bo Berg"), new RoleHolder(IncidentRole.Expert, "cy", "Cy Diaz", "payments-primary")],
            incident.Roles);
        Assert.Equal("Cy Diaz (on call for payments-primary) is a technical expert, assigned by Ana Souza", incident.NewEvents[^1].Text);
    }

    [Fact]
    public void ReleaseRole_AnExpert_RemovesOnlyThem_AndSomeoneWithoutTheRoleChangesNothing()
    {
        var incident = Open();
        incident.AssignRole(IncidentRole.Expert, BoHolds, Ana, null, T0);
        incident.AssignRole(IncidentRole.Expert, AnaHolds, Ana, null, T0);

        var released = incident.ReleaseRole(IncidentRole.Expert, "bo", Ana, "fixed the ledger", T0.AddHours(1));
        var nobody = incident.ReleaseRole(IncidentRole.Coordinator, "bo", Ana, null, T0.AddHours(1));

        Assert.Equal("Bo Berg is no longer a technical expert, by Ana Souza: fixed the ledger", released.ThreadReply);
        Assert.Same(IncidentChange.None, nobody);
        Assert.Equal([new RoleHolder(IncidentRole.Expert, "ana", "Ana Souza")], incident.Roles);
        Assert.Equal(IncidentEventKind.RoleAssigned, incident.NewEvents[^1].Kind);
    }

    [Theory]
    [InlineData(IncidentSeverity.Critical, new[] { IncidentRole.Coordinator, IncidentRole.Communicator, IncidentRole.Expert })]
    [InlineData(IncidentSeverity.Error, new[] { IncidentRole.Coordinator, IncidentRole.Expert })]
    [InlineData(IncidentSeverity.Warning, new IncidentRole[0])]
    public void SeverityRoles_For_AreTheBooksTable916(IncidentSeverity severity, IncidentRole[] roles) =>
        Assert.Equal(roles, SeverityRoles.For(severity));

    [Fact]
    public async Task Suggestion_CriticalWithACoordinator_AsksForTheRest()
    {
        var incident = Open();
        incident.AssignRole(IncidentRole.Coordinator, AnaHolds, Ana, null, T0);

        var text = await RoleOnCall.SuggestionAsync(null, TestCatalog.Create(), incident.ToRecord(), CancellationToken.None);

        Assert.Equal(
            "Severity critical: needs a coordinator, a communicator and technical experts. Take a role: the buttons, or 'incident #42 communicator me'.",
            text);
    }

    [Fact]
    public async Task Suggestion_WarningOrEveryRoleHeld_IsNone_ErrorWithoutACoordinatorAsksForOne()
    {
        var lowered = Open();
        lowered.ChangeSeverity(IncidentSeverity.Warning, Ana, null, T0);
        var staffed = Open();
        staffed.ChangeSeverity(IncidentSeverity.Error, Ana, null, T0);
        staffed.AssignRole(IncidentRole.Coordinator, AnaHolds, Ana, null, T0);
        staffed.AssignRole(IncidentRole.Expert, BoHolds, Ana, null, T0);
        var unstaffed = Open();
        unstaffed.ChangeSeverity(IncidentSeverity.Error, Ana, null, T0);

        Assert.Null(await RoleOnCall.SuggestionAsync(null, TestCatalog.Create(), lowered.ToRecord(), CancellationToken.None));
        Assert.Null(await RoleOnCall.SuggestionAsync(null, TestCatalog.Create(), staffed.ToRecord(), CancellationToken.None));
        Assert.Equal(
            "Severity error: needs a coordinator, who also communicates, and technical experts. Take a role: the buttons, or 'incident #42 coordinator me'.",
            await RoleOnCall.SuggestionAsync(null, TestCatalog.Create(), unstaffed.ToRecord(), CancellationToken.None));
    }
}
