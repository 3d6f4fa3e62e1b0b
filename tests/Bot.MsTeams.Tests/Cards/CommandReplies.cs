using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Testing;
using Moq;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>
/// Replies worded by the real <see cref="CommandHandler"/> over <see cref="CardFixtures.Catalog"/> and a fixed list of
/// incidents, at <see cref="Now"/>, so the cards are tested against the text the bot actually answers with. With
/// nothing pushed, an SLO's status is the estimate from its incidents' breaches.
/// </summary>
internal static class CommandReplies
{
    /// <summary>Two hours after <see cref="CardFixtures.Started"/>: a status report says when it was made.</summary>
    public static readonly DateTimeOffset Now = CardFixtures.Started.AddHours(2);

    public static Task<CommandReply> AnswerAsync(string text, params IncidentRecord[] incidents)
    {
        var clock = new ManualClock(Now);
        var catalog = new CatalogHolder(new FixedCatalog(), clock);
        catalog.Reload();
        var context = new CommandContext(new Actor("ana", "Ana Kovač", ActionSource.MsTeams), "payments");
        return Handler(catalog, new ListedIncidents(incidents), clock).HandleAsync(text, context, CancellationToken.None);
    }

    /// <summary>The real command handler over <paramref name="catalog"/> and <paramref name="store"/>; its other ports are empty mocks.</summary>
    public static CommandHandler Handler(CatalogHolder catalog, IIncidentStore store, TimeProvider time)
    {
        var overrides = Mock.Of<IRotationOverrideStore>();
        var rules = new RotationOverrides(catalog, overrides, time);
        var destinations = new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.MsTeams });
        var notices = Mock.Of<INoticeStore>();
        return new CommandHandler(
            catalog, store, new IncidentActions(catalog, store, time), new OnCallBoard(catalog, overrides, time), rules,
            new HandoffPrompts(catalog, notices, overrides, store, destinations, Mock.Of<ITimers>(), new OnCallOptions(), time),
            new CoverRequests(catalog, notices, overrides, rules, destinations, time), time,
            new SloStatusBoard(catalog, new SliReadings(new PushedSliReader(Mock.Of<ISliStore>()), new BreachEstimateReader(store, new SloOptions()), new SloOptions(), time), store, time));
    }

    private sealed class FixedCatalog : ICatalogSource
    {
        public string Location => "card fixtures";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(CardFixtures.Catalog);
    }

    /// <summary>Answers listings only (incidents, their breaches, open ones per SLO): the replies rendered here read, they never write.</summary>
    private sealed class ListedIncidents(IReadOnlyList<IncidentRecord> incidents) : IIncidentStore
    {
        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BreachSpan>>(
                [.. incidents
                    .Where(i => i.SloId == sloId && !i.MissingData && (i.Resolved?.At ?? DateTimeOffset.MaxValue) >= since)
                    .Select(i => new BreachSpan(i.Id, i.StartedAt ?? i.OpenedAt, i.Resolved?.At, i.Budget?.BurnRate))]);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(incidents
                .Where(i => i.SloId is not null && i.State != IncidentState.Resolved)
                .GroupBy(i => i.SloId!)
                .ToDictionary(g => g.Key, g => g.Count()));

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IncidentRecord>>(
                [.. incidents.Where(i => (query.TeamId is null || i.TeamId == query.TeamId) && (query.State is null || i.State == query.State))]);

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<IncidentDetails?>(null);

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Card tests render replies; they change nothing.");
    }
}
