using System.Collections.Concurrent;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.OnCall;

/// <summary>
/// Escalation on the real stores with timers kept in memory: IncidentTestData's catalog with a third payments member
/// (Cy), rotation <c>payments-primary</c> (main + two backups, weekly from Monday 2026-05-04 09:00 UTC, so at
/// <see cref="IncidentTestData.T0"/> Ana is main, Bo backup, Cy second backup) and the policy a test gives.
/// <see cref="FireNextAsync"/> plays the scheduler: the earliest pending timer fires at its time.
/// </summary>
internal sealed class EscalationWorld
{
    public const string Rotation = "payments-primary";

    public static readonly EscalationPolicy MainBackupRepeatOnce = Policy(
        1, new EscalationStep(EscalationTarget.RotationMain, Rotation, TimeSpan.FromMinutes(15)), new EscalationStep(EscalationTarget.RotationBackup, Rotation, TimeSpan.FromMinutes(15)));

    public EscalationWorld(BotDatabase database, EscalationPolicy? policy = null, CoverageWindow? coverage = null, DateTimeOffset? now = null)
    {
        Database = database;
        Clock = new FixedTimeProvider(now ?? T0);
        var source = new InCodeCatalog(Catalog(policy ?? MainBackupRepeatOnce, coverage));
        CatalogHolder = new CatalogHolder(source, Clock);
        CatalogHolder.Reload();
        Escalations = NewEscalations(new SqlIncidentStore(database, Clock));
    }

    public BotDatabase Database { get; }

    public FixedTimeProvider Clock { get; }

    public CatalogHolder CatalogHolder { get; }

    public MemoryTimers Timers { get; } = new();

    public RecordingEscalationLog Log { get; } = new();

    public IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    public SqlRotationOverrideStore Overrides => new(Database);

    public Escalations Escalations { get; }

    public EscalationTimerSource Source => new(CatalogHolder, Store, Log, Clock);

    public IncidentActions Actions => new(CatalogHolder, Store, Clock);

    public DestinationResolver Destinations { get; } = IncidentTestData.Destinations();

    /// <summary>Another replica's escalation, on its own store object over the same database.</summary>
    public Escalations NewEscalations(IIncidentStore store) => new(CatalogHolder, store, Overrides, Destinations, Timers, Log, Clock);

    public static EscalationPolicy Policy(int repeat, params EscalationStep[] steps) => new("payments-escalation", "Payments", Payments, steps, repeat);

    /// <summary>Opens a payments incident (a new dedup key per <paramref name="region"/>) and returns what the ingest reported.</summary>
    public async Task<OpenedIncident> OpenAsync(string region = "eu-west-1")
    {
        var ingest = new IngestAlerts(CatalogHolder, Store, Destinations, new IncidentOptions(), Clock);
        var result = await ingest.ExecuteAsync(Batch(Firing($"pod-{region}", Clock.Now, extra: ("region", region))), CancellationToken.None);
        return Assert.Single(result.OpenedIncidents);
    }

    /// <summary>Opens an incident and lets its chain start (the step-0 timer is pending, due now).</summary>
    public async Task<long> OpenAndStartAsync(string region = "eu-west-1")
    {
        var opened = await OpenAsync(region);
        await Escalations.StartAsync([opened], CancellationToken.None);
        return opened.Id;
    }

    /// <summary>The earliest pending timer fires: the clock moves to its time (never back) and the handler runs.</summary>
    public async Task<bool> FireNextAsync()
    {
        if (Timers.TakeEarliest() is not { } due)
        {
            return false;
        }
        if (due.DueAt > Clock.Now)
        {
            Clock.Now = due.DueAt;
        }
        await new EscalationTimerHandler(Escalations, Log).HandleAsync(new TimerFired(due.Key, due.DueAt, Clock.Now, Recovering: false), CancellationToken.None);
        return true;
    }

    public async Task<IReadOnlyList<IncidentEvent>> EscalatedAsync(long incidentId) =>
        [.. (await Store.FindAsync(incidentId, CancellationToken.None))!.Timeline.Where(e => e.Kind == IncidentEventKind.Escalated)];

    /// <summary>The outbox rows queued after the incident's first posts, as (destination, kind, text).</summary>
    public async Task<IReadOnlyList<(string Destination, string Kind, string? Text)>> QueuedAsync() =>
        [.. (await IncidentTables.OutboxAsync(Database)).Skip(2).Select(r => (r.DestinationKey, r.Kind, r.Text))];

    private static ServiceCatalog Catalog(EscalationPolicy policy, CoverageWindow? coverage)
    {
        var basis = IncidentTestData.Catalog();
        var payments = basis.FindTeam(Payments)!;
        payments = payments with { Members = [.. payments.Members, new Member("cy", "Cy Castro", null, null, null, "Europe/Lisbon")] };
        var rotation = new Rotation(
            Rotation, "Payments primary", Payments, RotationShape.MainTwoBackups, TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0), "Etc/UTC",
            new DateOnly(2026, 5, 4), ["ana", "bo", "cy"], coverage, policy.Id);
        return new ServiceCatalog(
            basis.OrgUnits, [payments, .. basis.Teams.Where(t => t.Id != Payments)], basis.Services, basis.Slos, [rotation], [policy], [], [], [], []);
    }

    private sealed class InCodeCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "(in code)";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

/// <summary><see cref="ITimers"/> in memory, as the scheduler keeps them: one per key, scheduling again replaces.</summary>
internal sealed class MemoryTimers : ITimers
{
    private readonly ConcurrentDictionary<TimerKey, DateTimeOffset> _pending = new();

    public IReadOnlyList<PendingTimer> Pending => [.. _pending.Select(p => new PendingTimer(p.Key, p.Value)).OrderBy(p => p.DueAt).ThenBy(p => p.Key.Id, StringComparer.Ordinal)];

    public Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _pending[key] = at;
        return Task.CompletedTask;
    }

    public Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken) => Task.FromResult(_pending.TryRemove(key, out _));

    public Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingTimer>>([.. Pending.Where(p => p.Key.Kind == kind)]);

    public PendingTimer? TakeEarliest()
    {
        return Pending is [var earliest, ..] && _pending.TryRemove(earliest.Key, out _) ? earliest : null;
    }
}

/// <summary>Every outcome escalation reported, in order.</summary>
internal sealed class RecordingEscalationLog : IEscalationLog
{
    private readonly ConcurrentQueue<EscalationOutcome> _outcomes = new();

    public IReadOnlyList<EscalationOutcome> Outcomes => [.. _outcomes];

    public void Write(EscalationOutcome outcome) => _outcomes.Enqueue(outcome);
}
