using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.OnCall;

/// <summary>The chain's arithmetic: global step numbers, rounds, timers, where a timeline says the chain stands.</summary>
public sealed class EscalationChainTests
{
    private static readonly DateTimeOffset T0 = TestAlerts.T0;

    private static readonly EscalationPolicy MainBackupRepeatOnce = new(
        "payments-escalation", "Payments", "payments",
        [new EscalationStep(EscalationTarget.RotationMain, "payments-primary", TimeSpan.FromMinutes(15)),
         new EscalationStep(EscalationTarget.RotationBackup, "payments-primary", TimeSpan.FromMinutes(30))],
        RepeatCount: 1);

    [Fact]
    public void TimerFor_ParsesBackToTheIncidentAndStep()
    {
        var key = EscalationChain.TimerFor(42, 2);

        Assert.Equal(new TimerKey("escalation", "incident-42-step-2"), key);
        Assert.Equal(new EscalationStepRef(42, 2), EscalationChain.Parse(key));
    }

    [Theory]
    [InlineData("handoff", "incident-42-step-2")]
    [InlineData("escalation", "incident-42")]
    [InlineData("escalation", "incident-x-step-2")]
    [InlineData("escalation", "incident-42-step-2-extra")]
    [InlineData("escalation", "incident-99999999999999999999-step-1")]
    public void Parse_AnyOtherKey_IsNull(string kind, string id) =>
        Assert.Null(EscalationChain.Parse(new TimerKey(kind, id)));

    [Fact]
    public void Steps_RepeatOnce_RunTheStepsTwiceInOrder()
    {
        Assert.Equal(4, EscalationChain.StepCount(MainBackupRepeatOnce));
        Assert.Equal(
            [EscalationTarget.RotationMain, EscalationTarget.RotationBackup, EscalationTarget.RotationMain, EscalationTarget.RotationBackup],
            Enumerable.Range(0, 4).Select(n => EscalationChain.StepAt(MainBackupRepeatOnce, n).Target));
    }

    [Fact]
    public void Next_NothingRanYet_IsStepZeroNow() =>
        Assert.Equal((0, T0), EscalationChain.Next(MainBackupRepeatOnce, [Opened()], T0));

    [Fact]
    public void Next_AfterAStep_IsTheFollowingStepItsAckTimeoutLater()
    {
        var timeline = new[] { Opened(), Ran(0, T0), Ran(1, T0.AddMinutes(15)) };

        // Step 1 (backup) waits 30 min before step 2.
        Assert.Equal((2, T0.AddMinutes(45)), EscalationChain.Next(MainBackupRepeatOnce, timeline, T0.AddHours(5)));
    }

    [Fact]
    public void Next_AfterTheLastStep_IsNull() =>
        Assert.Null(EscalationChain.Next(MainBackupRepeatOnce, [Ran(0, T0), Ran(1, T0), Ran(2, T0), Ran(3, T0)], T0));

    [Fact]
    public void RecordedSteps_OnlyEscalatedEventsOfTheScheduler()
    {
        var timeline = new[]
        {
            Ran(0, T0),
            new IncidentEvent(IncidentEventKind.Escalated, T0.AddMinutes(1), new Actor("escalation/incident-7-step-5", "Ana", ActionSource.Console), "a person's text"),
            new IncidentEvent(IncidentEventKind.Acknowledged, T0.AddMinutes(2), new Actor("escalation/incident-7-step-6", "Job", ActionSource.Scheduler), "not a step"),
            new IncidentEvent(IncidentEventKind.Escalated, T0.AddMinutes(3), new Actor("handoff/x", "Job", ActionSource.Scheduler), "not escalation"),
            Ran(1, T0.AddMinutes(15)),
        };

        Assert.Equal(new Dictionary<int, DateTimeOffset> { [0] = T0, [1] = T0.AddMinutes(15) }, EscalationChain.RecordedSteps(timeline));
    }

    [Fact]
    public void PolicyFor_TheTeamsRotationNamesOne_ThatOne()
    {
        var other = MainBackupRepeatOnce with { Id = "other", TeamId = "payments" };
        var catalog = Catalog([Rotation("payments-escalation")], [other, MainBackupRepeatOnce]);

        Assert.Same(MainBackupRepeatOnce, EscalationChain.PolicyFor(catalog, PaymentsIncident()));
    }

    [Fact]
    public void PolicyFor_TheRotationNamesNone_ItsDefaultMainThenRepeatOnce()
    {
        var policy = EscalationChain.PolicyFor(Catalog([Rotation(null)], []), PaymentsIncident());

        Assert.NotNull(policy);
        Assert.True(policy.IsDefault);
        Assert.Equal([EscalationTarget.RotationMain], policy.Steps.Select(s => s.Target));
        Assert.Equal(1, policy.RepeatCount);
        Assert.True(EscalationChain.Escalates(Catalog([Rotation(null)], []), "payments"));
    }

    [Fact]
    public void PolicyFor_NoRotation_TheTeamsPolicy() =>
        Assert.Same(MainBackupRepeatOnce, EscalationChain.PolicyFor(Catalog([], [MainBackupRepeatOnce]), PaymentsIncident()));

    [Fact]
    public void PolicyFor_UnroutedOrWithoutPolicyOrWithoutSteps_DoesNotEscalate()
    {
        var catalog = Catalog([Rotation("payments-escalation")], [MainBackupRepeatOnce]);
        Assert.Null(EscalationChain.PolicyFor(catalog, PaymentsIncident() with { TeamId = null }));
        Assert.False(EscalationChain.Escalates(catalog, null));
        Assert.Null(EscalationChain.PolicyFor(Catalog([], []), PaymentsIncident()));
        Assert.False(EscalationChain.Escalates(Catalog([], []), "payments"));
        var stepless = Catalog([Rotation("payments-escalation")], [MainBackupRepeatOnce with { Steps = [] }]);
        Assert.Null(EscalationChain.PolicyFor(stepless, PaymentsIncident()));
        Assert.False(EscalationChain.Escalates(stepless, "payments"));
    }

    [Theory]
    [InlineData(0.4, "1 min")]
    [InlineData(15, "15 min")]
    [InlineData(90, "1 h 30 min")]
    [InlineData(120, "2 h")]
    [InlineData(3 * 24 * 60 + 185, "3 d 3 h")]
    public void Describe_Duration_AsPeopleSayIt(double minutes, string expected) =>
        Assert.Equal(expected, EscalationChain.Describe(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void RecordEscalation_OpenIncident_AppendsTheStepAndMovesTheVersion()
    {
        var incident = OpenIncident();
        var by = EscalationChain.ActorFor(7, 1, MainBackupRepeatOnce);

        Assert.True(incident.RecordEscalation(by, "Escalation step 2 of 4 (backup): paged Kwame", T0.AddMinutes(15)));

        Assert.Equal(2, incident.Version);
        Assert.Equal(new IncidentEvent(IncidentEventKind.Escalated, T0.AddMinutes(15), by, "Escalation step 2 of 4 (backup): paged Kwame"), incident.NewEvents[^1]);
        Assert.Equal(new Dictionary<int, DateTimeOffset> { [1] = T0.AddMinutes(15) }, EscalationChain.RecordedSteps(incident.NewEvents));
    }

    [Fact]
    public void RecordEscalation_AcknowledgedIncident_RecordsNothing()
    {
        var incident = OpenIncident();
        incident.Acknowledge(new Actor("ana", "Ana", ActionSource.Console), T0.AddMinutes(1));
        var (version, events) = (incident.Version, incident.NewEvents.Count);

        Assert.False(incident.RecordEscalation(EscalationChain.ActorFor(7, 1, MainBackupRepeatOnce), "paged", T0.AddMinutes(15)));

        Assert.Equal((version, events), (incident.Version, incident.NewEvents.Count));
    }

    private static IncidentEvent Opened() => new(IncidentEventKind.Opened, T0, null, "SLO breach");

    private static IncidentEvent Ran(int step, DateTimeOffset at) =>
        new(IncidentEventKind.Escalated, at, EscalationChain.ActorFor(7, step, MainBackupRepeatOnce), $"Escalation step {step + 1} of 4");

    private static Incident OpenIncident()
    {
        var alert = TestAlerts.Firing(("alertname", "CheckoutHighErrorRate"), ("sloth_id", "checkout-requests-availability"), ("sloth_severity", "page"));
        return Incident.Open("key", alert, AlertRouter.Route(TestCatalog.Create(), alert), new IncidentFacts("Checkout errors", 1, IncidentLinks.None), T0, TimeSpan.FromHours(2));
    }

    /// <summary>An incident of team payments with no service, so no out-of-hours rule can have moved it.</summary>
    private static IncidentRecord PaymentsIncident() => OpenIncident().ToRecord() with { TeamId = "payments", ServiceId = null };

    private static Rotation Rotation(string? policyId) => Rotations.Create() with { EscalationPolicyId = policyId };

    private static ServiceCatalog Catalog(IReadOnlyList<Rotation> rotations, IReadOnlyList<EscalationPolicy> policies) =>
        new([], [], [], [], rotations, policies, [], [], [], []);
}
