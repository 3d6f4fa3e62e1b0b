using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Storage;
using Moq;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>
/// Replies worded by the real <see cref="CommandHandler"/> over <see cref="CardFixtures.Catalog"/> and a fixed list of
/// incidents, so the cards are tested against the text the bot actually answers with.
/// </summary>
internal static class CommandReplies
{
    public static Task<CommandReply> AnswerAsync(string text, params IncidentRecord[] incidents)
    {
        var catalog = new CatalogHolder(new FixedCatalog(), TimeProvider.System);
        catalog.Reload();
        var context = new CommandContext(new Actor("ana", "Ana Kovač", ActionSource.MsTeams), "payments");
        return Handler(catalog, new ListedIncidents(incidents), TimeProvider.System).HandleAsync(text, context, CancellationToken.None);
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
            new CoverRequests(catalog, notices, overrides, rules, destinations, time), time);
    }

    private sealed class FixedCatalog : ICatalogSource
    {
        public string Location => "card fixtures";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(CardFixtures.Catalog);
    }

    /// <summary>Answers listings only: the replies rendered here read, they never write.</summary>
    private sealed class ListedIncidents(IReadOnlyList<IncidentRecord> incidents) : IIncidentStore
    {
        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BreachSpan>>([]);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IncidentRecord>>(
                [.. incidents.Where(i => (query.TeamId is null || i.TeamId == query.TeamId) && (query.State is null || i.State == query.State))]);

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<IncidentDetails?>(null);

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Card tests render replies; they change nothing.");
    }
}
