using Bot.Core.Alerts;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
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
                ("Started", "2026-05-04 10:15 UTC"), ("Occurrences", "3"),
            ],
            message.Fields.Select(f => (f.Name, f.Value)));
        Assert.Equal(["Runbook", "Source"], message.Links.Select(l => l.Text));
        Assert.Equal([MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.StartPostmortem], message.Actions);
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
}
