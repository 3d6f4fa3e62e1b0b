using Bot.Core.Notices;
using Bot.Core.Notifications;

namespace Bot.Core.Tests.Slos;

/// <summary>
/// Evaluating Payments' error budget policy over pushed counts: which conditions send a notice, what it says, where it
/// goes, and that it goes once per condition, SLO and period block.
/// </summary>
public sealed class BudgetPoliciesTests
{
    private const string AvailabilityKey70 = $"budget-policy:{PolicyWorld.PolicyId}:consumed-70:{PolicyWorld.Availability}:2026-11-23T00:00Z";

    private readonly PolicyWorld _world = new();

    [Fact]
    public async Task Evaluate_70PercentConsumed_SendsOnePolicyNotice_ForTheTeam()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720, last1h: 2_000, last24h: 1_500);

        var evaluation = await _world.Policies().EvaluateAsync(CancellationToken.None);

        var notice = Assert.Single(evaluation.NoticesSent);
        Assert.Equal(NoticeKind.BudgetPolicy, notice.Kind);
        Assert.Equal("payments", notice.TeamId);
        Assert.Null(notice.RotationId);
        Assert.Equal(AvailabilityKey70, notice.DedupKey);
        Assert.Equal(NoticeState.Open, notice.State);
        Assert.Equal(PolicyWorld.T0, notice.CreatedAt);
        Assert.Same(notice, Assert.Single(_world.Notices.All));
        Assert.Contains("\"conditionId\":\"consumed-70\"", notice.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_SaysWhichConditionTheNumbersAndTheAgreedConsequence()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720, last1h: 2_000, last24h: 1_500);

        var message = Assert.Single((await _world.Policies().EvaluateAsync(CancellationToken.None)).NoticesSent).Message;

        Assert.Equal(NoticeTone.Warning, message.Tone);
        Assert.Equal("Error budget policy: Checkout API · requests-availability — 70% of the period's budget consumed", message.Title);
        Assert.Equal(
            "The condition “70% of the period's budget consumed” of Payments' error budget policy is now true for Checkout API · requests-availability: "
            + "72.0% of the period's budget is consumed. Payments agreed on this consequence: " + PolicyWorld.Consumed70.Consequence,
            message.Summary);
        Assert.Equal(
            [
                ("SLO", "99.9% over 28d rolling; compliance 99.928%"),
                ("Condition", "70% of the period's budget consumed (consumed-70)"),
                ("Budget consumed", "72.0%"),
                ("Budget left", "28.0%"),
                ("Burn 1h / 24h", "2× / 1.5×"),
                ("Exhaustion", "in about 3.9 days at the 1h rate"),
                ("Period", "28d rolling"),
                ("Consequence", PolicyWorld.Consumed70.Consequence),
            ],
            message.Fields.Select(f => (f.Name, f.Value)));
        Assert.Empty(message.Actions);
        Assert.Empty(message.Sections);
        Assert.Equal(
            "Policy payments-budget-policy · agreed by Payments PO, developers and on-call · escalate to Head of Engineering, Commerce · review on 2027-01-15",
            message.Footer);
    }

    [Fact]
    public async Task Notice_Overspent_ShowsTheNegativeBudgetLeft_AndBothConditions()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 1_125);

        var sent = (await _world.Policies().EvaluateAsync(CancellationToken.None)).NoticesSent;

        Assert.Equal(["consumed-70", "exhausted"], sent.Select(n => n.DedupKey.Split(':')[2]).Order());
        var exhausted = sent.Single(n => n.DedupKey.Contains(":exhausted:", StringComparison.Ordinal)).Message;
        Assert.Equal("Error budget policy: Checkout API · requests-availability — budget exhausted before the period ends", exhausted.Title);
        Assert.Contains("−12.5% of the budget is left", exhausted.Summary, StringComparison.Ordinal);
        Assert.Equal("−12.5%", Field(exhausted, "Budget left"));
        Assert.Equal("112.5%", Field(exhausted, "Budget consumed"));
        Assert.Equal("exhausted", Field(exhausted, "Exhaustion"));
        Assert.Equal(PolicyWorld.Exhausted.Consequence, Field(exhausted, "Consequence"));
    }

    [Fact]
    public async Task Notice_FastBurn_SaysTheBurnAndTheShareOfTheBudgetInTheWindow()
    {
        // A 9× burn for 24 hours uses 9/28 = 32.1% of a 28-day budget.
        _world.Sli.Set(PolicyWorld.Availability, period: 330, last1h: 9_000, last6h: 9_000, last24h: 9_000);

        var message = Assert.Single((await _world.Policies().EvaluateAsync(CancellationToken.None)).NoticesSent).Message;

        Assert.Equal("Error budget policy: Checkout API · requests-availability — 30% of the period's budget consumed within 24h", message.Title);
        Assert.Contains("at the 24h burn of 9× that is 32.1% of the period's budget in 24h", message.Summary, StringComparison.Ordinal);
        Assert.Equal("33.0% (32.1% within 24h)", Field(message, "Budget consumed"));
        Assert.Equal("9× / 9×", Field(message, "Burn 1h / 24h"));
        Assert.Equal(PolicyWorld.Fast24h.Consequence, Field(message, "Consequence"));
    }

    [Fact]
    public async Task Notice_CalendarSlo_SaysTheDaysLeftInThePeriod_AndIsKeyedByThePeriod()
    {
        // 99% target: 7,000 bad of a million is 70% of the budget.
        _world.Sli.Set(PolicyWorld.Latency, period: 7_000);

        var notice = Assert.Single((await _world.Policies().EvaluateAsync(CancellationToken.None)).NoticesSent);

        Assert.Equal($"budget-policy:{PolicyWorld.PolicyId}:consumed-70:{PolicyWorld.Latency}:2026-11-23T00:00Z", notice.DedupKey);
        // 23 November + 28 days = 21 December; from Wednesday 25 November 10:00 that is 25.6 days: 26 days.
        Assert.Equal("4 calendar weeks, 26 days left", Field(notice.Message, "Period"));
        Assert.Equal("99% over 4 calendar weeks; compliance 99.300%", Field(notice.Message, "SLO"));
    }

    [Fact]
    public async Task Notice_GoesToTheTeamAndTheGroupsOfTheRingsThePolicyNames_EachOnce()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720);

        var notice = Assert.Single((await _world.Policies().EvaluateAsync(CancellationToken.None)).NoticesSent);

        // Team first; rings 1 and 2 share Leadership; Support's Teams channel is off; ring 3 is not named.
        Assert.Equal(
            ["console:payments-slo-breaches", "slack:C0PAY", "slack:CLEAD", "console:leadership", "slack:CSUPPORT"],
            _world.PostsOf(notice));
    }

    [Fact]
    public async Task Evaluate_TwiceInOnePeriod_SendsOneNotice()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720);
        var policies = _world.Policies();

        var first = await policies.EvaluateAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        _world.Sli.Set(PolicyWorld.Availability, period: 750);
        var second = await policies.EvaluateAsync(CancellationToken.None);

        Assert.Single(first.NoticesSent);
        Assert.Empty(second.NoticesSent);
        Assert.Equal(1, second.ConditionsTrue);
        Assert.Single(_world.Notices.All);
        Assert.Equal(5, _world.Notices.Queued.Count);
    }

    [Fact]
    public async Task Evaluate_ConditionFalseThenTrueAgainInTheSameBlock_DoesNotSendAgain()
    {
        var policies = _world.Policies();
        _world.Sli.Set(PolicyWorld.Availability, period: 720);
        await policies.EvaluateAsync(CancellationToken.None);

        // Old errors age out of the rolling window, then new ones come: still the same 28-day block.
        _world.Clock.Advance(TimeSpan.FromDays(3));
        _world.Sli.Set(PolicyWorld.Availability, period: 500);
        await policies.EvaluateAsync(CancellationToken.None);
        _world.Clock.Advance(TimeSpan.FromDays(3));
        _world.Sli.Set(PolicyWorld.Availability, period: 800);
        var again = await policies.EvaluateAsync(CancellationToken.None);

        Assert.Empty(again.NoticesSent);
        Assert.Single(_world.Notices.All);
    }

    [Fact]
    public async Task Evaluate_InTheNextPeriod_SendsANewNotice()
    {
        var policies = _world.Policies();
        _world.Sli.Set(PolicyWorld.Availability, period: 720);
        _world.Sli.Set(PolicyWorld.Latency, period: 7_500);
        await policies.EvaluateAsync(CancellationToken.None);

        _world.Clock.Advance(TimeSpan.FromDays(28));
        var next = await policies.EvaluateAsync(CancellationToken.None);

        Assert.Equal(
            [$"budget-policy:{PolicyWorld.PolicyId}:consumed-70:{PolicyWorld.Latency}:2026-12-21T00:00Z",
             $"budget-policy:{PolicyWorld.PolicyId}:consumed-70:{PolicyWorld.Availability}:2026-12-21T00:00Z"],
            next.NoticesSent.Select(n => n.DedupKey).Order());
        Assert.Equal(4, _world.Notices.All.Count);
    }

    [Fact]
    public async Task Evaluate_WithoutData_SendsNothing_AndSaysWhy()
    {
        var evaluation = await _world.Policies().EvaluateAsync(CancellationToken.None);

        Assert.Empty(_world.Notices.All);
        Assert.Equal((0, 2, 0), (evaluation.SlosRead, evaluation.SlosWithoutData, evaluation.ConditionsTrue));
        Assert.Equal([PolicyWorld.Availability, PolicyWorld.Latency], _world.Log.NoData.Select(n => n.SloId));
        Assert.All(_world.Log.NoData, n => Assert.StartsWith("nothing pushed to /api/sli/", n.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_ATeamWithoutAPolicy_GetsNoNotice()
    {
        _world.Sli.Set(PolicyWorld.SearchQueries, period: 10_000);

        var evaluation = await _world.Policies().EvaluateAsync(CancellationToken.None);

        Assert.Empty(_world.Notices.All);
        Assert.Equal(0, evaluation.ConditionsTrue);
    }

    [Fact]
    public async Task Evaluate_HealthyBudgets_SendNothing()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 699, last1h: 1_000, last6h: 1_000, last24h: 8_399, last7d: 1_999);
        _world.Sli.Set(PolicyWorld.Latency, period: 6_990);

        var evaluation = await _world.Policies().EvaluateAsync(CancellationToken.None);

        Assert.Empty(evaluation.NoticesSent);
        Assert.Equal((2, 0, 0), (evaluation.SlosRead, evaluation.SlosWithoutData, evaluation.ConditionsTrue));
    }

    [Fact]
    public async Task Evaluate_LogsEachNoticeWithItsNumbers_AndASummary()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720);

        await _world.Policies().EvaluateAsync(CancellationToken.None);

        var (met, notice, destinations) = Assert.Single(_world.Log.Sent);
        Assert.Equal((PolicyWorld.PolicyId, "consumed-70", PolicyWorld.Availability), (met.Policy.Id, met.Condition.Id, met.Slo.Id));
        Assert.Equal(0.72, met.Measured, 9);
        Assert.Equal(0.28, met.Budget.Remaining, 9);
        Assert.Equal(AvailabilityKey70, notice.DedupKey);
        Assert.Equal(5, destinations.Count);
        var summary = Assert.Single(_world.Log.Evaluations);
        Assert.Equal((1, 1, 1, 1, 1), (summary.Policies, summary.SlosRead, summary.SlosWithoutData, summary.ConditionsTrue, summary.NoticesSent.Count));
    }

    private static string Field(NoticeMessage message, string name) => message.Fields.Single(f => f.Name == name).Value;
}
