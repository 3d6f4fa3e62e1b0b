using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
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
        var store = new ListedIncidents(incidents);
        var handler = new CommandHandler(
            catalog, store, new IncidentActions(catalog, store, TimeProvider.System), new OnCallBoard(catalog, Mock.Of<IRotationOverrideStore>(), TimeProvider.System),
            new RotationOverrides(catalog, Mock.Of<IRotationOverrideStore>(), TimeProvider.System), TimeProvider.System);
        var context = new CommandContext(new Actor("ana", "Ana Kovač", ActionSource.MsTeams), "payments");
        return handler.HandleAsync(text, context, CancellationToken.None);
    }

    private sealed class FixedCatalog : ICatalogSource
    {
        public string Location => "card fixtures";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(CardFixtures.Catalog);
    }

    /// <summary>Answers listings only: the replies rendered here read, they never write.</summary>
    private sealed class ListedIncidents(IReadOnlyList<IncidentRecord> incidents) : IIncidentStore
    {
        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IncidentRecord>>(
                [.. incidents.Where(i => (query.TeamId is null || i.TeamId == query.TeamId) && (query.State is null || i.State == query.State))]);

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<IncidentDetails?>(null);

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Card tests render replies; they change nothing.");
    }
}
