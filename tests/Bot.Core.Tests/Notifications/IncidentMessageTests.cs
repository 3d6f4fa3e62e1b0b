using Bot.Core.Alerts;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Tests.Routing;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Notifications;

public sealed class IncidentMessageTests
{
    private static readonly Catalog.ServiceCatalog Catalog = TestCatalog.Create();

    private static IncidentRecord Record(IncidentState state = IncidentState.Open) => new(
        42, "slo=checkout-requests-availability|env=production|region=eu-west-1", "Checkout errors", "payments", "checkout",
        "checkout-requests-availability", "production", "eu-west-1", state, IncidentSeverity.Critical, 1, 3,
        TestAlerts.T0, TestAlerts.T0, TestAlerts.T0.AddHours(2), null, null, null, false,
        new IncidentLinks(new Uri("https://runbooks.example.com/checkout"), null, new Uri("https://prometheus.example/graph"), null),
        new BudgetContext(14.4, 0.62, "1h", null), 5, [new IncidentAlert("f", TestAlerts.T0, IncidentSeverity.Critical, AlertStatus.Firing, null)]);

    [Fact]
    public void For_OpenIncident_CarriesWhatTheEngineerNeeds()
    {
        var message = IncidentMessage.For(Record(), Catalog);

        Assert.Equal("#42 SLO breach · critical · open", message.Headline);
        Assert.Equal("P1", message.Priority);
        Assert.Equal(
            [
                ("Service", "Checkout"), ("SLO", "requests-availability ≥ 99.9% over 28d rolling"), ("SLI", "availability"),
                ("Where", "production / eu-west-1"), ("Burn rate", "14.4× over 1h"), ("Error budget left", "62%"),
                ("Started", "2026-05-04 10:15 UTC"), ("Occurrences", "3"), ("Roles", "Coordinator — · Communicator — · Experts —"),
            ],
            message.Fields.Select(f => (f.Name, f.Value)));
        Assert.Equal(["Runbook", "Source"], message.Links.Select(l => l.Text));
        Assert.Equal(
            [MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.Coordinate, MessageAction.Communicate, MessageAction.StartPostmortem],
            message.Actions);
    }

    [Fact]
    public void For_AcknowledgedIncident_ShowsWhoAndDropsAcknowledgeButton()
    {
        var record = Record(IncidentState.Acknowledged) with { Acknowledged = new Stamp(new Actor("ana", "Ana Souza", ActionSource.Console), TestAlerts.T0.AddMinutes(4)) };

        var message = IncidentMessage.For(record, Catalog);

        Assert.Contains(new MessageField("Acknowledged", "by Ana Souza at 2026-05-04 10:19 UTC", TestAlerts.T0.AddMinutes(4)), message.Fields);
        Assert.DoesNotContain(MessageAction.Acknowledge, message.Actions);
        Assert.EndsWith("acknowledged", message.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void For_UnroutedIncident_SaysWhy()
    {
        var record = Record() with { TeamId = null, ServiceId = null, SloId = null, UnroutedReason = "no catalog SLO matched" };

        var message = IncidentMessage.For(record, Catalog);

        Assert.Contains(new MessageField("Unrouted", "no catalog SLO matched"), message.Fields);
        Assert.DoesNotContain(message.Fields, f => f.Name == "SLO");
    }

    [Fact]
    public void For_AlertStartedBeforeTheIncidentOpened_ShowsWhenTheAlertStarted()
    {
        var message = IncidentMessage.For(Record() with { OpenedAt = TestAlerts.T0.AddMinutes(30), StartedAt = TestAlerts.T0 }, Catalog);

        Assert.Contains(new MessageField("Started", "2026-05-04 10:15 UTC", TestAlerts.T0), message.Fields);
    }

    [Fact]
    public void For_NegativeBudget_IsShownNotClamped()
    {
        var message = IncidentMessage.For(Record() with { Budget = new BudgetContext(null, -0.25, null, null) }, Catalog);

        Assert.Contains(new MessageField("Error budget left", "-25%"), message.Fields);
    }

    [Fact]
    public void For_IncidentHandedOverOutOfHours_SaysWhyItIsWithThisTeam()
    {
        var openedAt = new DateTimeOffset(2025, 3, 4, 3, 0, 0, TimeSpan.Zero);

        var message = IncidentMessage.For(OutOfHoursWorld.Incident("emea", "eu-west-1", openedAt), OutOfHoursWorld.Create());

        Assert.Equal(
            [
                ("Service", "Search API"), ("SLO", "queries ≥ 99.5% over 28d rolling"), ("SLI", "availability"), ("Where", "production / eu-west-1"),
                ("Routed", "outside Search's hours (Mon–Fri 09:00–17:00 America/New_York) to EMEA follow-the-sun, the out-of-hours rotation for eu-west-1"),
                ("Started", "2025-03-04 03:00 UTC"), ("Occurrences", "1"), ("Roles", "Coordinator — · Communicator — · Experts —"),
            ],
            message.Fields.Select(f => (f.Name, f.Value)));
    }

    [Theory]
    // The owner's own incident, opened at night: nothing to explain.
    [InlineData("search", "2025-03-04T03:00:00Z")]
    // Another team's, but opened in Search's hours: no out-of-hours route explains it, so the message claims none.
    [InlineData("emea", "2025-03-04T15:00:00Z")]
    public void For_IncidentNotHandedOver_HasNoRoutedField(string team, string openedAt)
    {
        var record = OutOfHoursWorld.Incident(team, "eu-west-1", DateTimeOffset.Parse(openedAt, System.Globalization.CultureInfo.InvariantCulture));

        var message = IncidentMessage.For(record, OutOfHoursWorld.Create());

        Assert.DoesNotContain(message.Fields, f => f.Name == "Routed");
    }

    [Fact]
    public void For_CriticalIncidentWithACoordinator_ShowsTheRolesAndOffersOnlyTheCommunicatorsButton()
    {
        var record = Record() with
        {
            Roles = [new RoleHolder(IncidentRole.Coordinator, "ana", "Ana Souza"), new RoleHolder(IncidentRole.Expert, "bo", "Bo Berg"), new RoleHolder(IncidentRole.Expert, "cy", "Cy Diaz")],
        };

        var message = IncidentMessage.For(record, Catalog);

        Assert.Contains(new MessageField("Roles", "Coordinator Ana Souza · Communicator — · Experts Bo Berg, Cy Diaz"), message.Fields);
        Assert.Equal([MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.Communicate, MessageAction.StartPostmortem], message.Actions);
    }

    [Fact]
    public void For_ErrorIncident_AsksForACoordinatorWhoAlsoCommunicates()
    {
        var message = IncidentMessage.For(Record() with { Severity = IncidentSeverity.Error }, Catalog);

        Assert.Contains(new MessageField("Roles", "Coordinator — (also communicates) · Experts —"), message.Fields);
        Assert.Equal([MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.Coordinate, MessageAction.StartPostmortem], message.Actions);
    }

    [Fact]
    public void For_WarningIncident_HasNoRolesFieldOrRoleButtons_UntilSomeoneHoldsOne()
    {
        var warning = Record() with { Severity = IncidentSeverity.Warning };

        var plain = IncidentMessage.For(warning, Catalog);
        var withExpert = IncidentMessage.For(warning with { Roles = [new RoleHolder(IncidentRole.Expert, "bo", "Bo Berg")] }, Catalog);

        Assert.DoesNotContain(plain.Fields, f => f.Name == "Roles");
        Assert.Equal([MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.StartPostmortem], plain.Actions);
        Assert.Contains(new MessageField("Roles", "Experts Bo Berg"), withExpert.Fields);
    }

    [Fact]
    public void For_ResolvedCriticalIncident_KeepsTheRolesButOffersNoRoleButtons()
    {
        var record = Record(IncidentState.Resolved) with { Resolved = new Stamp(null, TestAlerts.T0.AddHours(1)) };

        var message = IncidentMessage.For(record, Catalog);

        Assert.Contains(message.Fields, f => f.Name == "Roles");
        Assert.Equal([MessageAction.StartPostmortem], message.Actions);
    }
}
