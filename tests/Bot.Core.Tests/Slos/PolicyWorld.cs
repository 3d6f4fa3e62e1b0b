using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Routing;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Core.Tests.Commands;
using Bot.Core.Tests.Delivery.Fakes;

namespace Bot.Core.Tests.Slos;

/// <summary>
/// A team with an error budget policy (Payments: one rolling and one calendar SLO), a team without one (Search),
/// stakeholder rings, pushed counts a test sets, notices in memory, on a clock the test moves.
/// </summary>
internal sealed class PolicyWorld
{
    /// <summary>Wednesday 25 November 2026 10:00 UTC: two days into the 28-day block that starts Monday 23 November.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public const string PolicyId = "payments-budget-policy";
    public const string Availability = "checkout-requests-availability";
    public const string Latency = "checkout-latency";
    public const string SearchQueries = "search-api-queries";

    public static readonly BudgetCondition Exhausted = new("exhausted", BudgetConditionKind.Exhausted, 0, null,
        "Freeze feature releases to production until the SLO is met again; only reliability and security fixes ship.");
    public static readonly BudgetCondition Consumed70 = new("consumed-70", BudgetConditionKind.Consumed, 0.7, null,
        "Hold a postmortem of the largest budget consumers and put its action items at the top of the backlog.");
    public static readonly BudgetCondition Fast24h = new("consumed-30-in-24h", BudgetConditionKind.ConsumedWithin, 0.3, TimeSpan.FromHours(24),
        "Escalate to the Head of Engineering and move two engineers to reliability work.");
    public static readonly BudgetCondition Slow7d = new("consumed-50-in-7d", BudgetConditionKind.ConsumedWithin, 0.5, TimeSpan.FromDays(7),
        "Review the SLO's largest consumers at the next planning.");

    public PolicyWorld(ErrorBudgetPolicy? policy = null)
    {
        Clock = new ManualTimeProvider(T0);
        Policy = policy ?? new ErrorBudgetPolicy(PolicyId, "payments", [Exhausted, Consumed70, Fast24h, Slow7d], [1, 2],
            "Payments PO, developers and on-call", "Head of Engineering, Commerce", new DateOnly(2027, 1, 15));
        Catalog = new CatalogHolder(new FixedSource(CatalogWith(Policy)), Clock);
        Catalog.Reload();
        Notices = new InMemoryNotices(new InMemoryRotationOverrides());
        Destinations = new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console, ChatPlatform.Slack });
        Readings = new SliReadings(new PushedSliReader(Sli), new BreachEstimateReader(new ListingStore(), Options), Options, Clock);
    }

    public ManualTimeProvider Clock { get; }

    public ErrorBudgetPolicy Policy { get; }

    public CatalogHolder Catalog { get; }

    public FixedSliStore Sli { get; } = new();

    public SloOptions Options { get; } = new();

    public InMemoryNotices Notices { get; }

    public DestinationResolver Destinations { get; }

    public SliReadings Readings { get; }

    public RecordingPolicyLog Log { get; } = new();

    public Slo SloOf(string id) => Catalog.Current.FindSlo(id)!;

    public BudgetPolicies Policies(INoticeStore? notices = null) => new(Catalog, Readings, notices ?? Notices, Destinations, Log, Clock);

    /// <summary>The posts queued for a notice, by destination key.</summary>
    public IReadOnlyList<string> PostsOf(Notice notice) =>
        [.. Notices.Queued.Where(q => q.NoticeId == notice.Id && q.Kind == "post").Select(q => q.Key)];

    private static ServiceCatalog CatalogWith(ErrorBudgetPolicy policy)
    {
        var payments = new Team("payments", "Payments", "commerce", [new Member("ana", "Ana Souza", null, "U01ANA", null, "Europe/Berlin")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches"), new ChatDestination(ChatPlatform.Slack, "C0PAY")], ["ana"]);
        var search = new Team("search", "Search", "commerce", [new Member("li", "Li Wei", null, null, null, "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        Service[] services =
        [
            new("checkout", "Checkout API", "payments", null, ["production"], [], null, null),
            new("search-api", "Search API", "search", null, ["production"], [], null, null),
        ];
        Slo[] slos =
        [
            new(Availability, "requests-availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false) { Source = SliDataSource.Pushed.Instance },
            new(Latency, "latency", "checkout", SliKind.Latency, 0.99, SloWindow.FourCalendarWeeks, TimeSpan.FromMilliseconds(300), 2, null, [], false) { Source = SliDataSource.Pushed.Instance },
            new(SearchQueries, "queries", "search-api", SliKind.Availability, 0.995, SloWindow.Rolling28Days, null, 3, null, [], false) { Source = SliDataSource.Pushed.Instance },
        ];
        StakeholderGroup[] groups =
        [
            new("leadership", "Leadership", null, [], null) { Destinations = [new(ChatPlatform.Slack, "CLEAD"), new(ChatPlatform.Console, "leadership")] },
            new("support-emea", "Support EMEA", "EMEA", [], null)
            {
                // Teams is not on in this world: its channel is left out.
                Destinations = [new(ChatPlatform.Slack, "CSUPPORT"), new(ChatPlatform.MsTeams, "19:support@thread.tacv2", "team-1", "tenant-1")],
            },
            new("customers", "Customer success", null, [], null) { Destinations = [new(ChatPlatform.Slack, "CCUSTOMERS")] },
        ];
        StakeholderRing[] rings =
        [
            new(1, "Leadership", ["leadership"]),
            new(2, "Support", ["support-emea", "leadership"]),
            new(3, "Customers", ["customers"]),
        ];
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme")],
            [payments, search], services, slos, [], [], groups, rings, [], [])
        {
            ErrorBudgetPolicies = [policy],
        };
    }
}

/// <summary>Pushed counts per SLO as the store would total them: out of a million events in the period and in each burn window.</summary>
internal sealed class FixedSliStore : ISliStore
{
    public const double Events = 1_000_000;

    private readonly Dictionary<string, PushedCounts> _counts = new(StringComparer.Ordinal);

    public List<(DateTimeOffset Horizon, DateTimeOffset DropBefore)> Compactions { get; } = [];

    /// <summary>Bad events of a million: over the period so far and over the last 5 min, 1 h, 6 h, 24 h and 7 days.</summary>
    public void Set(string sloId, double period, double last5m = 0, double last1h = 0, double last6h = 0, double last24h = 0, double last7d = 0) =>
        _counts[sloId] = new PushedCounts(Bad(period), [Bad(last5m), Bad(last1h), Bad(last6h), Bad(last24h), Bad(last7d)]);

    public void Clear(string sloId) => _counts.Remove(sloId);

    public static EventCounts Bad(double bad) => new(Events - bad, Events);

    public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_counts.GetValueOrDefault(sloId));

    public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken)
    {
        Compactions.Add((horizon, dropBefore));
        return Task.FromResult(0);
    }
}

/// <summary>What the policy evaluation reported, in order.</summary>
internal sealed class RecordingPolicyLog : IBudgetPolicyLog
{
    public List<(string PolicyId, string SloId, string Reason)> NoData { get; } = [];

    public List<(BudgetConditionMet Met, Notice Notice, IReadOnlyList<string> Destinations)> Sent { get; } = [];

    public List<BudgetPolicyEvaluation> Evaluations { get; } = [];

    void IBudgetPolicyLog.NoData(ErrorBudgetPolicy policy, Slo slo, string reason) => NoData.Add((policy.Id, slo.Id, reason));

    public void NoticeSent(BudgetConditionMet met, Notice notice, IReadOnlyList<string> destinationKeys) => Sent.Add((met, notice, destinationKeys));

    public void Evaluated(BudgetPolicyEvaluation evaluation) => Evaluations.Add(evaluation);
}

/// <summary>A notice store that is down.</summary>
internal sealed class BrokenNotices : INoticeStore
{
    public Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the database is down");

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => throw new InvalidOperationException("the database is down");

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) => throw new InvalidOperationException("the database is down");

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the database is down");
}
