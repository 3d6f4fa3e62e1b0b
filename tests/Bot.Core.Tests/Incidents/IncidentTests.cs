using Bot.Core.Alerts;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Incidents;

public sealed class IncidentTests
{
    private static readonly TimeSpan Snooze = TimeSpan.FromHours(2);
    private static readonly DateTimeOffset T0 = TestAlerts.T0;
    private static readonly Actor Ana = new("ana", "Ana Souza", ActionSource.Console);
    private static readonly Actor Li = new("li", "Li Wei", ActionSource.Slack);
    private static readonly Catalog.ServiceCatalog Catalog = TestCatalog.Create();

    private static readonly IncomingAlert Page = TestAlerts.Firing(("alertname", "CheckoutHighErrorRate"), ("sloth_id", "checkout-requests-availability"), ("sloth_severity", "page"));
    private static readonly IncomingAlert Ticket = TestAlerts.Firing(("alertname", "CheckoutHighErrorRate"), ("sloth_id", "checkout-requests-availability"), ("sloth_severity", "ticket"));

    private static Incident Open(IncomingAlert alert) =>
        Incident.Open("key", alert, AlertRouter.Route(Catalog, alert), new IncidentFacts("Checkout errors", 1, IncidentLinks.None), T0, Snooze);

    private static IncidentChange Record(Incident incident, IncomingAlert alert, DateTimeOffset at) =>
        incident.RecordAlert(alert, AlertRouter.Route(Catalog, alert), at, Snooze);

    [Fact]
    public void Open_FirstAlert_IsOpenWithOneOccurrenceAndOpenedEvent()
    {
        var incident = Open(Page);

        Assert.Equal(IncidentState.Open, incident.State);
        Assert.Equal(1, incident.Occurrences);
        Assert.Equal(IncidentSeverity.Critical, incident.Severity);
        var opened = Assert.Single(incident.NewEvents);
        Assert.Equal(IncidentEventKind.Opened, opened.Kind);
        Assert.Contains("routed by label sloth_id=\"checkout-requests-availability\"", opened.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AlertThatStartedEarlier_KeepsWhenItStartedApartFromWhenItOpened()
    {
        var incident = Incident.Open("key", Page, AlertRouter.Route(Catalog, Page), new IncidentFacts("t", null, IncidentLinks.None), T0.AddMinutes(7), Snooze);

        Assert.Equal((T0, T0.AddMinutes(7)), (incident.ToRecord().StartedAt, incident.OpenedAt));
    }

    [Fact]
    public void RecordAlert_SameOccurrenceAgain_ChangesNothing()
    {
        var incident = Open(Page);
        var version = incident.Version;

        var change = Record(incident, Page, T0.AddMinutes(5));

        Assert.Same(IncidentChange.None, change);
        Assert.Equal((1, version), (incident.Occurrences, incident.Version));
    }

    [Fact]
    public void RecordAlert_NewOccurrenceInsideSnooze_CountsSilently()
    {
        var incident = Open(Page);

        var change = Record(incident, Page with { StartsAt = T0.AddMinutes(30) }, T0.AddMinutes(30));

        Assert.Equal(IncidentChange.Edit, change);
        Assert.Equal(2, incident.Occurrences);
        Assert.Single(incident.NewEvents);
    }

    [Fact]
    public void RecordAlert_NewOccurrenceAfterSnooze_RepliesWithCounter()
    {
        var incident = Open(Page);

        var change = Record(incident, Page with { StartsAt = T0.AddHours(3) }, T0.AddHours(3));

        Assert.Equal("Fired again: CheckoutHighErrorRate (×2)", change.ThreadReply);
        Assert.Equal(IncidentEventKind.Repeated, incident.NewEvents[^1].Kind);
    }

    [Fact]
    public void RecordAlert_PageJoinsTicket_RaisesSeverityToCritical()
    {
        var incident = Open(Ticket);
        Assert.Equal(IncidentSeverity.Warning, incident.Severity);

        var change = Record(incident, Page, T0.AddMinutes(1));

        Assert.Equal(IncidentSeverity.Critical, incident.Severity);
        Assert.Equal("Severity raised from warning to critical: CheckoutHighErrorRate fired", change.ThreadReply);
        Assert.Equal(2, incident.Alerts.Count);
    }

    [Fact]
    public void RecordAlert_TicketJoinsPage_KeepsCritical()
    {
        var incident = Open(Page);

        Record(incident, Ticket, T0.AddMinutes(1));

        Assert.Equal(IncidentSeverity.Critical, incident.Severity);
    }

    [Fact]
    public void RecordAlert_OneOfTwoAlertsResolves_StaysOpen_LastResolves_Resolves()
    {
        var incident = Open(Page);
        Record(incident, Ticket, T0.AddMinutes(1));

        var first = Record(incident, Page.Resolved(T0.AddMinutes(20)), T0.AddMinutes(21));
        Assert.Equal(IncidentChange.Edit, first);
        Assert.Equal(IncidentState.Open, incident.State);

        var last = Record(incident, Ticket.Resolved(T0.AddMinutes(40)), T0.AddMinutes(41));
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Null(incident.Resolved!.By);
        Assert.Equal(T0.AddMinutes(40), incident.Resolved.At);
        Assert.StartsWith("Resolved: all alerts stopped firing", last.ThreadReply, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordAlert_ResolvedTwice_SecondChangesNothing()
    {
        var incident = Open(Page);
        Record(incident, Page.Resolved(T0.AddMinutes(20)), T0.AddMinutes(21));

        Assert.Same(IncidentChange.None, Record(incident, Page.Resolved(T0.AddMinutes(20)), T0.AddMinutes(25)));
    }

    [Fact]
    public void RecordAlert_NewOccurrenceAfterResolve_IsNotAbsorbed()
    {
        var incident = Open(Page);
        incident.Resolve(Ana, T0.AddMinutes(10));

        Assert.Same(IncidentChange.None, Record(incident, Page with { StartsAt = T0.AddHours(1) }, T0.AddHours(1)));
        Assert.Equal(1, incident.Occurrences);
    }

    [Fact]
    public void Acknowledge_Twice_KeepsFirstAcknowledgerAndSaysSo()
    {
        var incident = Open(Page);

        var first = incident.Acknowledge(Ana, T0.AddMinutes(3));
        var second = incident.Acknowledge(Li, T0.AddMinutes(4));

        Assert.Equal(AcknowledgeResult.Acknowledged, first.Result);
        Assert.Equal("Acknowledged by Ana Souza", first.Change.ThreadReply);
        Assert.Equal(AcknowledgeResult.AlreadyAcknowledged, second.Result);
        Assert.Equal(Ana, second.Stamp!.By);
        Assert.Equal(T0.AddMinutes(3), second.Stamp.At);
        Assert.Equal(Ana, incident.Acknowledged!.By);
        Assert.Equal(IncidentState.Acknowledged, incident.State);
    }

    [Fact]
    public void Acknowledge_Resolved_SaysAlreadyResolved()
    {
        var incident = Open(Page);
        incident.Resolve(Li, T0.AddMinutes(1));

        var outcome = incident.Acknowledge(Ana, T0.AddMinutes(2));

        Assert.Equal(AcknowledgeResult.AlreadyResolved, outcome.Result);
        Assert.Equal(Li, outcome.Stamp!.By);
        Assert.False(outcome.Change.Changed);
    }

    [Fact]
    public void Resolve_AcknowledgedIncident_ResolvesAndKeepsAcknowledgement()
    {
        var incident = Open(Page);
        incident.Acknowledge(Ana, T0.AddMinutes(1));

        var outcome = incident.Resolve(Li, T0.AddMinutes(9));
        var again = incident.Resolve(Ana, T0.AddMinutes(10));

        Assert.True(outcome.Resolved);
        Assert.False(again.Resolved);
        Assert.Equal(Li, again.Stamp!.By);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(Ana, incident.Acknowledged!.By);
    }

    [Fact]
    public void ToRecord_RoundTrip_RebuildsTheSameIncident()
    {
        var incident = Open(Page);
        Record(incident, Ticket, T0.AddMinutes(1));
        incident.Acknowledge(Ana, T0.AddMinutes(2));

        var rebuilt = new Incident(incident.ToRecord());

        Assert.Equal(incident.ToRecord() with { Alerts = [] }, rebuilt.ToRecord() with { Alerts = [] });
        Assert.Equal(incident.Alerts, rebuilt.Alerts);
        Assert.Empty(rebuilt.NewEvents);
    }

    [Fact]
    public void RecordAlert_LoadedWithOnlySomeAlerts_ResolvesWhenTheStoredFiringCountReachesZero()
    {
        var full = Open(Page);
        Record(full, Ticket, T0.AddMinutes(1));
        var stored = full.ToRecord();

        // Storage brings back only the occurrence it was asked about, with the count of all that still fire.
        var first = new Incident(stored with { Alerts = [stored.Alerts[0]], FiringAlerts = 2 });
        Record(first, Page.Resolved(T0.AddMinutes(5)), T0.AddMinutes(5));
        Assert.Equal(IncidentState.Open, first.State);

        var second = new Incident(first.ToRecord() with { Alerts = [stored.Alerts[1]] });
        Record(second, Ticket.Resolved(T0.AddMinutes(6)), T0.AddMinutes(6));
        Assert.Equal(IncidentState.Resolved, second.State);
    }

    [Fact]
    public void Attach_AlertLoadedLater_IsHeldWithoutCountingItTwice()
    {
        var full = Open(Page);
        Record(full, Ticket, T0.AddMinutes(1));
        var stored = full.ToRecord();
        var held = new Incident(stored with { Alerts = [stored.Alerts[0]], FiringAlerts = 2 });

        held.Attach([stored.Alerts[1], stored.Alerts[0]]);

        Assert.True(held.Holds(Ticket.Fingerprint, Ticket.StartsAt));
        Assert.Equal(2, held.Alerts.Count);
        Assert.Equal(2, held.ToRecord().FiringAlerts);
    }

    [Fact]
    public void DedupKey_DefaultParts_AreSloEnvironmentRegion()
    {
        var alert = Page with { Labels = new Dictionary<string, string>(Page.Labels) { ["env"] = "production", ["region"] = "eu-west-1" } };

        var key = DedupKey.For(alert, AlertRouter.Route(Catalog, alert), new IncidentOptions().DedupBy);

        Assert.Equal("slo=checkout-requests-availability|env=production|region=eu-west-1", key);
    }

    [Fact]
    public void DedupKey_PageAndTicketOfOneSlo_AreTheSame()
    {
        var parts = new IncidentOptions().DedupBy;

        Assert.Equal(DedupKey.For(Page, AlertRouter.Route(Catalog, Page), parts), DedupKey.For(Ticket, AlertRouter.Route(Catalog, Ticket), parts));
    }

    [Fact]
    public void DedupKey_MissingData_DiffersFromBreach()
    {
        var parts = new IncidentOptions().DedupBy;
        var noData = Page with { MissingData = true };

        Assert.NotEqual(DedupKey.For(Page, AlertRouter.Route(Catalog, Page), parts), DedupKey.For(noData, AlertRouter.Route(Catalog, noData), parts));
    }
}
