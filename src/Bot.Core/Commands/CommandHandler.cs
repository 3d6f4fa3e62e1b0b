using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Commands;

/// <summary>Runs the command grammar for every adapter: parses the text, calls the use case, words the reply.</summary>
public sealed class CommandHandler(CatalogHolder catalog, IIncidentStore incidents, IncidentActions actions)
{
    public async Task<CommandReply> HandleAsync(string? text, CommandContext context, CancellationToken cancellationToken) =>
        CommandGrammar.Parse(text) switch
        {
            HelpCommand => Help(),
            StatusCommand status => await StatusAsync(status.Scope, context, cancellationToken),
            AcknowledgeCommand ack => Reply(await actions.AcknowledgeAsync(new IncidentActionRequest(ack.IncidentId, context.By, context.ChannelTeamId), cancellationToken)),
            ResolveCommand resolve => Reply(await actions.ResolveAsync(new IncidentActionRequest(resolve.IncidentId, context.By, context.ChannelTeamId), cancellationToken)),
            NotAvailableCommand notYet => new CommandReply(false, $"'{notYet.Verb}' is not available yet in this version of SLO Bot. Try 'help' for what works today."),
            InvalidCommand invalid => new CommandReply(false, $"{invalid.Problem}\nUsage: {invalid.Usage}"),
            var other => new CommandReply(false, $"'{other}' has no handler."),
        };

    private static CommandReply Help()
    {
        var text = new StringBuilder("SLO Bot commands (type them after /slo in Slack, @SLO Bot in Teams):\n");
        foreach (var verb in CommandGrammar.Verbs)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {verb.Syntax} — {verb.Description}{(verb.Available ? "" : " (coming soon)")} Example: {verb.Example}\n");
        }
        return new CommandReply(true, text.ToString().TrimEnd());
    }

    private async Task<CommandReply> StatusAsync(string? scope, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var (teamIds, serviceId, title) = ResolveScope(current, scope, context);
        if (teamIds is null)
        {
            return new CommandReply(false, $"'{scope}' is neither a team nor a service in the catalog.\nUsage: {CommandGrammar.Usage("status")}");
        }
        if (teamIds.Count == 0)
        {
            return new CommandReply(false, $"Name a team or service, e.g. 'status payments': you are in no team, and this channel belongs to none.\nUsage: {CommandGrammar.Usage("status")}");
        }

        var open = new List<IncidentRecord>();
        foreach (var teamId in teamIds)
        {
            foreach (var state in (IncidentState[])[IncidentState.Open, IncidentState.Acknowledged])
            {
                open.AddRange(await incidents.ListAsync(new IncidentQuery(teamId, state), cancellationToken));
            }
        }
        var shown = open
            .Where(i => serviceId is null || i.ServiceId == serviceId)
            .OrderByDescending(i => i.Severity).ThenBy(i => i.Priority ?? 6).ThenBy(i => i.OpenedAt)
            .ToList();
        if (shown.Count == 0)
        {
            return new CommandReply(true, $"{title}: no open incidents.");
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{title}: {shown.Count} open incident(s)\n");
        foreach (var incident in shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {Line(incident, current)}\n");
        }
        return new CommandReply(true, text.ToString().TrimEnd());
    }

    private static (IReadOnlyList<string>? TeamIds, string? ServiceId, string Title) ResolveScope(ServiceCatalog catalog, string? scope, CommandContext context)
    {
        if (scope is null)
        {
            var mine = context.ChannelTeamId is { } channelTeam
                ? [channelTeam]
                : catalog.Teams.Where(t => t.FindMember(context.By.Id) is not null).Select(t => t.Id).ToList();
            return (mine, null, mine.Count == 1 ? $"Team {catalog.FindTeam(mine[0])?.Name ?? mine[0]}" : "Your teams");
        }
        if (catalog.FindTeam(scope) is { } team)
        {
            return ([team.Id], null, $"Team {team.Name}");
        }
        if (catalog.FindService(scope) is { } service)
        {
            return ([service.TeamId], service.Id, $"Service {service.Name}");
        }
        return (null, null, scope);
    }

    private static string Line(IncidentRecord incident, ServiceCatalog catalog)
    {
        var what = incident.SloId is { } slo ? catalog.FindSlo(slo)?.Name ?? slo : incident.ServiceId ?? "unrouted";
        var state = incident.Acknowledged is { } ack ? $"acknowledged by {ack.By?.Name}" : "not acknowledged";
        var priority = incident.Priority is { } p ? $"P{p} " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"#{incident.Id} {priority}{incident.Severity.ToString().ToLowerInvariant()} · {incident.Title} · {what} · since {incident.OpenedAt:yyyy-MM-dd HH:mm} UTC (×{incident.Occurrences}) · {state}");
    }

    private static CommandReply Reply(IncidentActionResult result) =>
        new(result.Status is IncidentActionStatus.Done or IncidentActionStatus.AlreadyDone, result.Message);
}
