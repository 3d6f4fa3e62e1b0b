using Bot.Core.Notices;
using Bot.Core.Scheduling;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Core.Tests.Commands;

namespace Bot.Core.Tests.Slos;

/// <summary>The <c>slo-evaluation</c> timer: kept pending by its source, and each firing evaluates, compacts and sets the next.</summary>
public sealed class SloEvaluationTimerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly PolicyWorld _world = new();
    private readonly RecordingTimers _timers = new();

    [Fact]
    public async Task Source_NothingPending_SchedulesTheEvaluationAnIntervalFromNow()
    {
        await Source().SyncAsync(_timers, CancellationToken.None);

        Assert.Equal(PolicyWorld.T0 + Interval, Assert.Single(_timers.Pending, p => p.Key.Kind == SloEvaluationTimerHandler.TimerKind).Value);
        Assert.Equal("all", SloEvaluationTimerHandler.Timer.Id);
    }

    [Fact]
    public async Task Source_KeepsAPendingTimer_EvenPastDue()
    {
        await _timers.ScheduleAsync(SloEvaluationTimerHandler.Timer, PolicyWorld.T0.AddHours(-3), CancellationToken.None);

        await Source().SyncAsync(_timers, CancellationToken.None);

        Assert.Equal(PolicyWorld.T0.AddHours(-3), _timers.Pending[SloEvaluationTimerHandler.Timer]);
    }

    [Fact]
    public async Task Source_APendingTimerLaterThanAnInterval_IsMovedToAnIntervalFromNow()
    {
        await _timers.ScheduleAsync(SloEvaluationTimerHandler.Timer, PolicyWorld.T0.AddHours(1), CancellationToken.None);
        await _timers.ScheduleAsync(new TimerKey(SloEvaluationTimerHandler.TimerKind, "payments"), PolicyWorld.T0.AddMinutes(1), CancellationToken.None);

        await Source().SyncAsync(_timers, CancellationToken.None);

        Assert.Equal([(SloEvaluationTimerHandler.Timer.Id, PolicyWorld.T0 + Interval)], _timers.Pending.Select(p => (p.Key.Id, p.Value)));
    }

    [Fact]
    public async Task Handler_EvaluatesThePolicies_CompactsTheCounts_AndSetsTheNextFiring()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720);

        await Handler().HandleAsync(Fired(), CancellationToken.None);

        Assert.Single(_world.Notices.All, n => n.Kind == NoticeKind.BudgetPolicy);
        Assert.Equal([(PolicyWorld.T0.AddHours(-48), PolicyWorld.T0.AddDays(-35))], _world.Sli.Compactions);
        Assert.Equal(PolicyWorld.T0 + Interval, _timers.Pending[SloEvaluationTimerHandler.Timer]);
    }

    [Fact]
    public async Task Handler_ReadsEverySlo_SoIncidentMessagesFindAFreshReading()
    {
        _world.Sli.Set(PolicyWorld.SearchQueries, period: 2_500);

        await Handler().HandleAsync(Fired(), CancellationToken.None);

        // Search has no policy, but its reading is cached for the incident messages.
        Assert.Equal(0.5, _world.Readings.Latest(_world.SloOf(PolicyWorld.SearchQueries))!.Consumed, 9);
    }

    [Fact]
    public async Task Handler_WhenTheEvaluationFails_StillSetsTheNextFiring()
    {
        _world.Sli.Set(PolicyWorld.Availability, period: 720);
        var handler = Handler(new BrokenNotices());

        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(Fired(), CancellationToken.None));

        Assert.Equal(PolicyWorld.T0 + Interval, _timers.Pending[SloEvaluationTimerHandler.Timer]);
    }

    [Fact]
    public async Task Handler_FiredLate_SetsTheNextFiringFromNow()
    {
        _world.Clock.Advance(TimeSpan.FromHours(7));

        await Handler().HandleAsync(Fired(), CancellationToken.None);

        Assert.Equal(PolicyWorld.T0.AddHours(7) + Interval, _timers.Pending[SloEvaluationTimerHandler.Timer]);
    }

    private SloEvaluationTimerSource Source() => new(new SloOptions { EvaluationInterval = Interval }, _world.Clock);

    private SloEvaluationTimerHandler Handler(INoticeStore? notices = null) =>
        new(_world.Catalog, _world.Readings, _world.Policies(notices), _world.Sli, _timers, new SloOptions { EvaluationInterval = Interval }, _world.Clock);

    private static TimerFired Fired() => new(SloEvaluationTimerHandler.Timer, PolicyWorld.T0, PolicyWorld.T0, false);
}
