using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Tests.Delivery.Fakes;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Delivery;

/// <summary>A dispatcher over in-memory fakes: Slack (1/s), Teams (7/s) and console (unlimited) channels, a manual clock.</summary>
internal sealed class DeliveryHarness
{
    public const string Slack = "slack:C0SRE";
    public const string SlackFallback = "slack:C0FALLBACK";
    public const string Teams = "msteams:19:sre@thread.tacv2";
    public const string Console = "console:payments-slo-breaches";

    public static readonly DateTimeOffset T0 = TestAlerts.T0;

    public DeliveryHarness(bool withTeams = true, Random? random = null)
    {
        Store = new FakeIncidentStore();
        Outbox = new FakeOutbox(Store);
        Store.Sessions = () => new OutboxSession(Outbox, Clock);
        SlackChannel = new FakeChatChannel(ChatPlatform.Slack, 1, Clock);
        TeamsChannel = new FakeChatChannel(ChatPlatform.MsTeams, 7, Clock);
        ConsoleChannel = new FakeChatChannel(ChatPlatform.Console, double.PositiveInfinity, Clock);
        Catalog = new CatalogHolder(new FixedCatalogSource(CreateCatalog()), Clock);
        Catalog.Reload();
        Routing = new RoutingOptions();
        Routing.Fallback.Add(new ChatDestination(ChatPlatform.Slack, "C0FALLBACK"));
        Directory = new DestinationDirectory(Catalog, Routing);
        IChatChannel[] channels = withTeams ? [SlackChannel, TeamsChannel, ConsoleChannel] : [SlackChannel, ConsoleChannel];
        Dispatcher = new DeliveryDispatcher(Outbox, Store, new NoNotices(), Catalog, channels, Directory, Options, Clock, random ?? new FixedRandom(0.5));
    }

    public ManualTimeProvider Clock { get; } = new(T0);
    public FakeIncidentStore Store { get; }
    public FakeOutbox Outbox { get; }
    public FakeChatChannel SlackChannel { get; }
    public FakeChatChannel TeamsChannel { get; }
    public FakeChatChannel ConsoleChannel { get; }
    public CatalogHolder Catalog { get; }
    public RoutingOptions Routing { get; }
    public DestinationDirectory Directory { get; }
    public DeliveryOptions Options { get; } = new() { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5), PollInterval = TimeSpan.FromSeconds(30) };
    public DeliveryDispatcher Dispatcher { get; }

    public static ServiceCatalog CreateCatalog()
    {
        var shared = TestCatalog.Create();
        var sre = new Team("sre", "SRE", "acme", [],
            [new ChatDestination(ChatPlatform.Slack, "C0SRE"), new ChatDestination(ChatPlatform.MsTeams, "19:sre@thread.tacv2", "19:general@thread.tacv2", "tenant-1")], []);
        return new ServiceCatalog(shared.OrgUnits, [.. shared.Teams, sre], shared.Services, shared.Slos, shared.Rotations, shared.EscalationPolicies,
            shared.StakeholderGroups, shared.Rings, shared.Priorities, shared.AdminMemberIds);
    }

    /// <summary>Stores incident <paramref name="id"/> at <paramref name="version"/> (a checkout availability breach).</summary>
    public void Incident(long id, int version = 1) => Store.Put(new IncidentRecord(
        id, $"slo=checkout-requests-availability|n={id}", "Checkout errors", "payments", "checkout", "checkout-requests-availability",
        "production", "eu-west-1", IncidentState.Open, IncidentSeverity.Critical, 1, 1, T0, T0, T0.AddHours(2), null, null, null, false,
        IncidentLinks.None, null, version, [new IncidentAlert("f", T0, IncidentSeverity.Critical, AlertStatus.Firing, null)]));

    public OutboxEntry Enqueue(string destinationKey, long incidentId, DeliveryKind kind, string? text = null) =>
        Outbox.Enqueue(destinationKey, incidentId, kind, Clock.GetUtcNow(), text);

    /// <summary>Plays the host's loop: a pass, then sleep (advance the clock) as long as the dispatcher says, until nothing is pending.</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>> RunUntilIdleAsync(int maxPasses = 50)
    {
        var outcomes = new List<DeliveryOutcome>();
        for (var i = 0; i < maxPasses; i++)
        {
            outcomes.AddRange((await Dispatcher.RunOnceAsync(CancellationToken.None)).Outcomes);
            if (await Outbox.PendingCountAsync(CancellationToken.None) == 0)
            {
                return outcomes;
            }
            Clock.Advance(await Dispatcher.TimeUntilNextAsync(CancellationToken.None));
        }
        throw new InvalidOperationException($"Still pending after {maxPasses} passes.");
    }

    private sealed class FixedCatalogSource(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "test";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

/// <summary>A "random" source that always draws the same value, so jittered delays are exact in tests.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
