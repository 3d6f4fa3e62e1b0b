using System.Collections.Concurrent;
using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Escalation wired into a <see cref="SchedulerHost"/> as the bot wires it (the core's handler and recovery source),
/// with a small catalog: team <c>payments</c> (Ana, Bo, Cy) posting to console channel <c>payments-slo-breaches</c>,
/// its SLO <c>checkout-availability</c>, rotation <c>payments-primary</c> (main + two backups, weekly from Monday
/// 2026-05-04 09:00 UTC: Ana main, Bo backup, Cy second backup that week) and the policy a test gives.
/// </summary>
internal static class EscalationSetup
{
    public const string Team = "payments";
    public const string Rotation = "payments-primary";
    public const string TeamChannel = "console:payments-slo-breaches";

    /// <summary>A Monday morning, inside the rotation's first shift.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 15, 0, TimeSpan.Zero);

    /// <summary>Main, then backup, repeated once: the book's "start simple" policy, 4 steps.</summary>
    public static EscalationPolicy MainBackupRepeatOnce(TimeSpan ackTimeout) => new(
        "payments-escalation", "Payments", Team,
        [new EscalationStep(EscalationTarget.RotationMain, Rotation, ackTimeout), new EscalationStep(EscalationTarget.RotationBackup, Rotation, ackTimeout)],
        RepeatCount: 1);

    /// <summary>Registers escalation in a host: the catalog (with <paramref name="policy"/>, or no on-call at all), the use cases, the timer handler and source.</summary>
    public static Action<IServiceCollection> Services(EscalationPolicy? policy, EscalationOutcomes outcomes, EscalationCatalog? catalog = null) => services =>
    {
        var source = catalog ?? new EscalationCatalog(policy);
        services.AddSingleton(provider =>
        {
            var holder = new CatalogHolder(source, provider.GetRequiredService<TimeProvider>());
            holder.Reload();
            return holder;
        });
        services.AddSingleton(new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console }));
        services.AddSingleton(new IncidentOptions());
        services.AddSingleton<IngestAlerts>();
        services.AddSingleton<IncidentActions>();
        services.AddSingleton<IEscalationLog>(outcomes);
        services.AddSingleton<Escalations>();
        services.AddSingleton<ITimerHandler, EscalationTimerHandler>();
        services.AddSingleton<ITimerSource, EscalationTimerSource>();
    };

    /// <summary>Opens a payments incident through the ingest use case (a new dedup key per <paramref name="region"/>).</summary>
    public static async Task<OpenedIncident> OpenAsync(SchedulerHost bot, string region = "eu-west-1")
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "CheckoutHighErrorRate",
            ["sloth_id"] = "checkout-availability",
            ["sloth_severity"] = "page",
            ["environment"] = "production",
            ["region"] = region,
        };
        var at = bot.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var alert = new IncomingAlert("alertmanager", AlertFingerprint.Compute(labels), AlertStatus.Firing, labels, new Dictionary<string, string>(), at, null, AlertLinks.None, false, null);
        var result = await bot.Services.GetRequiredService<IngestAlerts>().ExecuteAsync(new AlertBatch("alertmanager", [alert], 0, null), CancellationToken.None);
        return Assert.Single(result.OpenedIncidents);
    }

    /// <summary>The incident's escalation steps as its timeline records them: (when, text).</summary>
    public static async Task<IReadOnlyList<(DateTimeOffset At, string Text)>> EscalatedAsync(SchedulerHost bot, long incidentId) =>
        [.. (await bot.Services.GetRequiredService<IIncidentStore>().FindAsync(incidentId, CancellationToken.None))!.Timeline
            .Where(e => e.Kind == IncidentEventKind.Escalated).Select(e => (e.At, e.Text))];

    /// <summary>Everything queued for the incident's messages, in order: (destination, kind, text).</summary>
    public static Task<IReadOnlyList<(string Destination, string Kind, string? Text)>> OutboxAsync(SchedulerHost bot, long incidentId) =>
        bot.Database.ReadAsync<IReadOnlyList<(string, string, string?)>>(
            async session => [.. (await session.QueryAsync<OutboxRow>(
                "SELECT destination_key AS destination, kind, text FROM outbox WHERE incident_id = @incidentId ORDER BY id", new { incidentId }))
                .Select(r => (r.Destination, r.Kind, r.Text))],
            CancellationToken.None);

    /// <summary>Whether the timer of <paramref name="step"/> is pending.</summary>
    public static async Task<bool> PendingAsync(SchedulerHost bot, long incidentId, int step) =>
        (await bot.Timers.ListAsync(EscalationChain.TimerKind, CancellationToken.None)).Any(t => t.Key == EscalationChain.TimerFor(incidentId, step));

    private sealed record OutboxRow
    {
        public string Destination { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Text { get; init; }
    }
}

/// <summary>
/// The catalog of <see cref="EscalationSetup"/>, whose policy a test may change (then reload and re-sync). Without a
/// policy the team has no rotation either, so it does not escalate (a rotation alone would follow its default policy).
/// </summary>
internal sealed class EscalationCatalog(EscalationPolicy? policy) : ICatalogSource
{
    public EscalationPolicy? Policy { get; set; } = policy;

    public string Location => "(in code)";

    public CatalogLoadResult Load()
    {
        var payments = new Team(
            EscalationSetup.Team, "Payments", "commerce",
            [new Member("ana", "Ana Souza", null, null, null, "Europe/Berlin"), new Member("bo", "Bo Berg", null, null, null, "Europe/Oslo"),
             new Member("cy", "Cy Castro", null, null, null, "Europe/Lisbon")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], []);
        var rotation = new Rotation(
            EscalationSetup.Rotation, "Payments primary", EscalationSetup.Team, RotationShape.MainTwoBackups, TimeSpan.FromDays(7), DayOfWeek.Monday,
            new TimeOnly(9, 0), "Etc/UTC", new DateOnly(2026, 5, 4), ["ana", "bo", "cy"], null, Policy?.Id);
        return CatalogLoadResult.Success(new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme")],
            [payments],
            [new Service("checkout", "Checkout", EscalationSetup.Team, null, ["production"], [], null, null)],
            [new Slo("checkout-availability", "availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false)],
            Policy is null ? [] : [rotation],
            Policy is null ? [] : [Policy],
            [], [], [], []));
    }
}

/// <summary>Every outcome escalation reported, across the hosts that share it.</summary>
internal sealed class EscalationOutcomes : IEscalationLog
{
    private readonly ConcurrentQueue<EscalationOutcome> _outcomes = new();

    public IReadOnlyList<EscalationOutcome> All => [.. _outcomes];

    public void Write(EscalationOutcome outcome) => _outcomes.Enqueue(outcome);
}
