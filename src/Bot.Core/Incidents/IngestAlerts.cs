using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Routing;
using Bot.Core.Slos;

namespace Bot.Core.Incidents;

/// <summary>
/// Alert in → incident → queued messages, in one transaction: once this returns, every alert is stored in its
/// incident and every message it calls for is in the outbox. Redelivering the same batch changes nothing (an
/// occurrence is keyed by fingerprint + starts at).
/// </summary>
/// <param name="budgets">The SLOs' latest readings (never read here: the alert path does not wait on Prometheus), for the
/// budget an incident message shows when its alert carries none, and for a priority derived from the budget.</param>
public sealed class IngestAlerts(
    CatalogHolder catalog, IIncidentStore store, DestinationResolver destinations, IncidentOptions options, TimeProvider time, SliReadings? budgets = null) : IAlertIngest
{
    public async Task<IngestResult> ExecuteAsync(AlertBatch batch, CancellationToken cancellationToken) =>
        (await ExecuteManyAsync([batch], cancellationToken))[0];

    /// <summary>
    /// Takes in several deliveries in ONE transaction (one commit, one fsync), with a result for each, as if each
    /// had been taken in alone, one after the other.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> ExecuteManyAsync(IReadOnlyList<AlertBatch> batches, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var at = time.GetUtcNow();
        var routed = batches.Select(b => b.Alerts.Select(alert => new RoutedAlert(alert, AlertRouter.Route(current, alert, at))).ToList()).ToList();
        return await store.WriteAsync(
            async session =>
            {
                var work = new Transaction(current, session, destinations, options, at, budgets);
                var applied = new List<(IngestResult Result, List<Incident> Opened)>(routed.Count);
                foreach (var alerts in routed)
                {
                    applied.Add(await work.ApplyAsync(alerts, cancellationToken));
                }
                await work.SaveAsync(cancellationToken);
                // Ids exist only now that the incidents are saved; each delivery names the incidents it opened.
                return applied.Select(a => a.Result with { OpenedIncidents = [.. a.Opened.Select(i => new OpenedIncident(i.Id, i.TeamId))] }).ToList();
            },
            cancellationToken);
    }

    private sealed record RoutedAlert(IncomingAlert Alert, AlertRoute Route);

    /// <summary>One transaction's work; remembers the incidents it touched so they are loaded and saved once each.</summary>
    private sealed class Transaction(ServiceCatalog catalog, IIncidentSession session, DestinationResolver destinations, IncidentOptions options, DateTimeOffset at, SliReadings? budgets)
    {
        private readonly Dictionary<string, Incident> _openByKey = [];
        private readonly Dictionary<Incident, Outcome> _touched = [];
        private readonly Dictionary<(string, DateTimeOffset), Incident> _byOccurrence = [];
        private readonly Dictionary<long, Incident> _byId = [];
        /// <summary>Applies one delivery's alerts to the incidents; nothing is written until <see cref="SaveAsync"/>.</summary>
        public async Task<(IngestResult Result, List<Incident> Opened)> ApplyAsync(List<RoutedAlert> alerts, CancellationToken cancellationToken)
        {
            var opened = new List<Incident>();
            var updated = new HashSet<Incident>();
            var ignored = 0;
            foreach (var (alert, route) in alerts)
            {
                var incident = await FindAsync(alert, route, cancellationToken);
                if (incident is null)
                {
                    if (alert.Status == AlertStatus.Resolved)
                    {
                        // The resolution of an alert the bot never saw fire: nothing to show.
                        ignored++;
                        continue;
                    }
                    incident = Incident.Open(DedupKey.For(alert, route, options.DedupBy), alert, route, FactsOf(alert, route), at, options.Snooze);
                    Remember(incident, alert, new Outcome(IsNew: true));
                    opened.Add(incident);
                    continue;
                }
                var change = incident.RecordAlert(alert, route, at, options.Snooze, BudgetOf(route) is { } budget ? BudgetPriority.ContextOf(budget) : null);
                Remember(incident, alert, _touched.GetValueOrDefault(incident, new Outcome(IsNew: false)).With(change));
                if (change.Changed && !opened.Contains(incident))
                {
                    updated.Add(incident);
                }
            }
            return (new IngestResult(alerts.Count, opened.Count, updated.Count, opened.Count(i => i.TeamId is null), ignored), opened);
        }

        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            foreach (var (incident, outcome) in _touched)
            {
                await session.SaveAsync(incident, cancellationToken);
                if (outcome.IsNew)
                {
                    var keys = destinations.For(catalog, incident.TeamId).Select(d => d.Key).ToList();
                    await session.EnqueuePostsAsync(incident.Id, keys, cancellationToken);
                }
                else if (outcome.Changed && outcome.Replies.Count == 0)
                {
                    await session.EnqueueUpdateAsync(incident.Id, null, cancellationToken);
                }
                foreach (var reply in outcome.Replies)
                {
                    await session.EnqueueUpdateAsync(incident.Id, reply, cancellationToken);
                }
            }
        }

        private async Task<Incident?> FindAsync(IncomingAlert alert, AlertRoute route, CancellationToken cancellationToken)
        {
            // An incident this transaction already holds answers from memory; only the others need storage.
            if (_byOccurrence.TryGetValue((alert.Fingerprint, alert.StartsAt), out var known))
            {
                return known;
            }
            var holder = await session.FindByOccurrenceAsync(alert.Fingerprint, alert.StartsAt, cancellationToken);
            if (holder is not null || alert.Status == AlertStatus.Resolved)
            {
                return Loaded(holder);
            }
            var key = DedupKey.For(alert, route, options.DedupBy);
            if (_openByKey.TryGetValue(key, out var open))
            {
                return open;
            }
            // Storage may still call open an incident this batch just resolved: the new alert opens a new one.
            return Loaded(await session.FindOpenAsync(key, cancellationToken)) is { IsResolved: false } stillOpen ? stillOpen : null;
        }

        /// <summary>Prefers the instance this transaction already holds, so two loads of one incident never diverge.</summary>
        private Incident? Loaded(Incident? incident)
        {
            if (incident is null || !_byId.TryGetValue(incident.Id, out var held))
            {
                return incident;
            }
            held.Attach(incident.Alerts);
            foreach (var alert in incident.Alerts)
            {
                _byOccurrence[(alert.Fingerprint, alert.StartsAt)] = held;
            }
            return held;
        }

        /// <summary>Notes the incident as touched, and indexes it by id and by every occurrence it holds (once each).</summary>
        private void Remember(Incident incident, IncomingAlert alert, Outcome outcome)
        {
            if (_touched.TryAdd(incident, outcome))
            {
                if (incident.Id != 0)
                {
                    _byId[incident.Id] = incident;
                }
                foreach (var held in incident.Alerts)
                {
                    _byOccurrence[(held.Fingerprint, held.StartsAt)] = incident;
                }
            }
            else
            {
                _touched[incident] = outcome;
            }
            if (incident.Holds(alert.Fingerprint, alert.StartsAt))
            {
                _byOccurrence[(alert.Fingerprint, alert.StartsAt)] = incident;
            }
            if (!incident.IsResolved)
            {
                _openByKey[incident.DedupKey] = incident;
            }
            else
            {
                _openByKey.Remove(incident.DedupKey);
            }
        }

        private IncidentFacts FactsOf(IncomingAlert alert, AlertRoute route)
        {
            var service = route.ServiceId is null ? null : catalog.FindService(route.ServiceId);
            var slo = route.SloId is null ? null : catalog.FindSlo(route.SloId);
            var title = alert.Annotation("title") ?? alert.Annotation("summary") ?? alert.AlertName;
            var links = new IncidentLinks(
                alert.Links.Runbook ?? service?.RunbookUrl,
                alert.Links.Dashboard ?? alert.Links.Panel ?? service?.DashboardUrl,
                alert.Links.Generator,
                alert.Links.Silence);
            var budget = BudgetOf(route);
            var derived = slo is { Priority: null } && catalog.BudgetPriority is { } rules && budget is not null ? BudgetPriority.Derive(rules, budget) : null;
            return new IncidentFacts(
                title, slo?.Priority ?? derived?.Level, links, budget is null ? null : BudgetPriority.ContextOf(budget), derived?.Note);
        }

        private BudgetStatus? BudgetOf(AlertRoute route) =>
            budgets is not null && route.SloId is { } sloId && catalog.FindSlo(sloId) is { } slo ? budgets.Latest(slo) : null;
    }

    private sealed record Outcome(bool IsNew)
    {
        public bool Changed { get; init; }
        public IReadOnlyList<string> Replies { get; init; } = [];

        public Outcome With(IncidentChange change) => this with
        {
            Changed = Changed || change.Changed,
            Replies = change.ThreadReply is { } reply ? [.. Replies, reply] : Replies,
        };
    }
}

/// <summary>What one delivery of alerts did.</summary>
/// <param name="Ignored">Resolutions of alerts that never fired here.</param>
/// <remarks>
/// Two results are equal when their counts are: <see cref="OpenedIncidents"/> names what the database numbered, for
/// the work that follows a commit (starting escalations), and is not part of what the delivery did.
/// </remarks>
public sealed record IngestResult(int Alerts, int Opened, int Updated, int Unrouted, int Ignored)
{
    /// <summary>The incidents this delivery opened, with their ids (one per <see cref="Opened"/>).</summary>
    public IReadOnlyList<OpenedIncident> OpenedIncidents { get; init; } = [];

    public bool Equals(IngestResult? other) =>
        other is not null && (Alerts, Opened, Updated, Unrouted, Ignored) == (other.Alerts, other.Opened, other.Updated, other.Unrouted, other.Ignored);

    public override int GetHashCode() => HashCode.Combine(Alerts, Opened, Updated, Unrouted, Ignored);
}

/// <summary>An incident a delivery opened: its id and owning team (null when unrouted).</summary>
public sealed record OpenedIncident(long Id, string? TeamId);
