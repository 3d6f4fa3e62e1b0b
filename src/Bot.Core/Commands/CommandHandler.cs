using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Slos;

namespace Bot.Core.Commands;

/// <summary>Runs the command grammar for every adapter: parses the text, calls the use case, words the reply.</summary>
public sealed class CommandHandler(
    CatalogHolder catalog,
    IIncidentStore incidents,
    IncidentActions actions,
    OnCallBoard onCall,
    RotationOverrides overrides,
    HandoffPrompts handoffs,
    CoverRequests covers,
    TimeProvider time,
    SloStatusBoard slos,
    IEnumerable<ICommandFamily>? families = null,
    IEnumerable<ITeamStatusSection>? statusSections = null)
{
    private readonly IReadOnlyList<ICommandFamily> _families = [.. families ?? []];
    private readonly IReadOnlyList<ITeamStatusSection> _statusSections = [.. statusSections ?? []];

    public async Task<CommandReply> HandleAsync(string? text, CommandContext context, CancellationToken cancellationToken) =>
        CommandGrammar.Parse(text) switch
        {
            HelpCommand => Help(),
            StatusCommand status => await StatusAsync(status.Scope, context, cancellationToken),
            OnCallCommand oncall => await OnCallAsync(oncall.Scope, context, cancellationToken),
            OverrideCommand cover => await OverrideAsync(cover, context, cancellationToken),
            OverrideCancelCommand => await CancelOverrideAsync(context, cancellationToken),
            CoverCommand cover => await CoverAsync(cover, context, cancellationToken),
            RotateCommand rotate => await RotateAsync(rotate, context, cancellationToken),
            AcknowledgeCommand ack => CommandReply.Of(await actions.AcknowledgeAsync(new IncidentActionRequest(ack.IncidentId, context.By, context.ChannelTeamId), cancellationToken)),
            ResolveCommand resolve => CommandReply.Of(await actions.ResolveAsync(new IncidentActionRequest(resolve.IncidentId, context.By, context.ChannelTeamId), cancellationToken)),
            ClassifyCommand classify => CommandReply.Of(await actions.ClassifyAsync(
                new IncidentActionRequest(classify.IncidentId, context.By, context.ChannelTeamId), classify.Priority, classify.Severity, classify.Why, cancellationToken)),
            ResponseCommand response => await RunFamilyAsync(response, context, cancellationToken),
            InvalidCommand invalid => new CommandReply(false, $"{invalid.Problem}\nUsage: {invalid.Usage}"),
            var other => new CommandReply(false, $"'{other}' has no handler."),
        };

    private Task<CommandReply> RunFamilyAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken) =>
        _families.FirstOrDefault(f => f.Runs(command)) is { } family
            ? family.HandleAsync(command, context, cancellationToken)
            : Task.FromResult(new CommandReply(false, $"'{command}' has no handler."));

    private static CommandReply Help()
    {
        var text = new StringBuilder("SLO Bot commands (type them after /slo in Slack, @SLO Bot in Teams):\n");
        foreach (var verb in CommandGrammar.Verbs)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {verb.Syntax} — {verb.Description} Example: {verb.Example}\n");
        }
        return new CommandReply(true, text.ToString().TrimEnd());
    }

    /// <summary>
    /// The SLO status of a scope (a team, service, org unit, SLO, or <c>all</c>; by default the channel's team, else the
    /// caller's first team) and, for a team, service or SLO, its open incidents under the rows.
    /// </summary>
    private async Task<CommandReply> StatusAsync(string? scope, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        SloScope? resolved;
        if (scope is null)
        {
            var teamId = context.ChannelTeamId ?? current.Teams.FirstOrDefault(t => t.FindMember(context.By.Id) is not null)?.Id;
            if (teamId is null || current.FindTeam(teamId) is not { } team)
            {
                return new CommandReply(false, $"Name a team, service, domain, business line or 'all', e.g. 'status payments': you are in no team, and this channel belongs to none.\nUsage: {CommandGrammar.Usage("status")}");
            }
            resolved = new SloScope(SloScopeKind.Team, team.Id, team.Name);
        }
        else
        {
            resolved = SloStatusBoard.Resolve(current, scope);
            if (resolved is null)
            {
                return new CommandReply(false, $"'{scope}' is not a team, service, SLO, domain or business line in the catalog; 'status all' shows everything.\nUsage: {CommandGrammar.Usage("status")}");
            }
        }

        var report = await slos.ReportAsync(resolved, cancellationToken);
        var text = new StringBuilder(SloStatusText.Render(report));
        if (resolved.Kind is SloScopeKind.Team or SloScopeKind.Service or SloScopeKind.Slo)
        {
            var open = await OpenIncidentsAsync(current, resolved, cancellationToken);
            if (open.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nOpen incidents ({open.Count}):");
                foreach (var incident in open)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\n• {Line(incident, current)}");
                }
            }
        }
        if (resolved.Kind == SloScopeKind.Team)
        {
            foreach (var section in _statusSections)
            {
                if (await section.ForTeamAsync(resolved.Id, cancellationToken) is { } lines)
                {
                    text.Append('\n').Append(lines);
                }
            }
        }
        return new CommandReply(true, text.ToString()) { Status = report };
    }

    private async Task<List<IncidentRecord>> OpenIncidentsAsync(ServiceCatalog current, SloScope scope, CancellationToken cancellationToken)
    {
        var teamId = scope.Kind switch
        {
            SloScopeKind.Team => scope.Id,
            SloScopeKind.Service => current.FindService(scope.Id)?.TeamId,
            _ => current.FindSlo(scope.Id) is { } slo ? current.FindService(slo.ServiceId)?.TeamId : null,
        };
        if (teamId is null)
        {
            return [];
        }
        var open = new List<IncidentRecord>();
        foreach (var state in (IncidentState[])[IncidentState.Open, IncidentState.Acknowledged])
        {
            open.AddRange(await incidents.ListAsync(new IncidentQuery(teamId, state), cancellationToken));
        }
        return [.. open
            .Where(i => scope.Kind switch
            {
                SloScopeKind.Service => i.ServiceId == scope.Id,
                SloScopeKind.Slo => i.SloId == scope.Id,
                _ => true,
            })
            .OrderByDescending(i => i.Severity).ThenBy(i => i.Priority ?? 6).ThenBy(i => i.OpenedAt)];
    }

    private async Task<CommandReply> OnCallAsync(string? scope, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var (teamIds, _, _) = ResolveScope(current, scope, context);
        if (teamIds is null)
        {
            return new CommandReply(false, $"'{scope}' is neither a team nor a service in the catalog.\nUsage: {CommandGrammar.Usage("oncall")}");
        }
        if (teamIds.Count == 0)
        {
            return new CommandReply(false, $"Name a team, e.g. 'oncall payments': you are in no team, and this channel belongs to none.\nUsage: {CommandGrammar.Usage("oncall")}");
        }
        var reader = ReaderOf(current, context);
        var replies = new List<string>();
        foreach (var teamId in teamIds)
        {
            if (await onCall.ForTeamAsync(teamId, upcoming: 3, cancellationToken) is { } board)
            {
                replies.Add(OnCallReply.For(board, current, reader).Text);
            }
        }
        return new CommandReply(true, string.Join("\n\n", replies));
    }

    private async Task<CommandReply> OverrideAsync(OverrideCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (RotationFor(current, context) is not { } rotation)
        {
            return new CommandReply(false, "This channel's team has no rotation, and neither do yours; run it in your team's channel.");
        }
        if (CommandWords.Person(current, command.Person) is not { } person)
        {
            return new CommandReply(false, $"'{command.Person}' is not a person in the catalog; name them as @id, e.g. @ana.\nUsage: {CommandGrammar.Usage("override")}");
        }
        var zone = CommandWords.Zone(ReaderOf(current, context)?.TimeZone ?? rotation.TimeZone);
        var now = time.GetUtcNow();
        var from = command.From is null ? now : CommandWords.Instant(command.From, zone, now);
        var to = CommandWords.Instant(command.To, zone, now);
        if (from is null || to is null)
        {
            return new CommandReply(false, $"'{(from is null ? command.From : command.To)}' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in {zone.Id}).\nUsage: {CommandGrammar.Usage("override")}");
        }
        var result = await overrides.AddAsync(new OverrideRequest(rotation.Id, person.Id, OnCallRole.Main, from.Value, to.Value, context.By), cancellationToken);
        return result is { Done: true, Override: { } stored }
            ? new CommandReply(true,
                $"{person.DisplayName} covers {rotation.Name} as main from {CommandWords.Local(stored.From, zone)} to {CommandWords.Local(stored.To, zone)} (override #{stored.Id}). 'override cancel' undoes it.")
            : new CommandReply(false, result.Refusal!);
    }

    private async Task<CommandReply> CoverAsync(CoverCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (RotationFor(current, context) is not { } rotation)
        {
            return new CommandReply(false, "This channel's team has no rotation, and neither do yours; run it in your team's channel.");
        }
        var zone = CommandWords.Zone(ReaderOf(current, context)?.TimeZone ?? rotation.TimeZone);
        var now = time.GetUtcNow();
        var from = command.From is null ? now : CommandWords.Instant(command.From, zone, now);
        var to = CommandWords.Instant(command.To, zone, now);
        if (from is null || to is null)
        {
            return new CommandReply(false, $"'{(from is null ? command.From : command.To)}' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in {zone.Id}).\nUsage: {CommandGrammar.Usage("cover")}");
        }
        return await covers.AskAsync(rotation.Id, context.By, from.Value, to.Value, cancellationToken);
    }

    private async Task<CommandReply> CancelOverrideAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (RotationFor(current, context) is not { } rotation)
        {
            return new CommandReply(false, "This channel's team has no rotation, and neither do yours; run it in your team's channel.");
        }
        var result = await overrides.CancelLatestAsync(rotation.Id, context.By, cancellationToken);
        if (result is not { Done: true, Override: { } cancelled })
        {
            return new CommandReply(false, result.Refusal!);
        }
        var zone = CommandWords.Zone(ReaderOf(current, context)?.TimeZone ?? rotation.TimeZone);
        var who = current.FindTeam(rotation.TeamId)?.FindMember(cancelled.MemberId)?.DisplayName ?? cancelled.MemberId;
        return new CommandReply(true,
            $"Cancelled override #{cancelled.Id}: {who} no longer covers {rotation.Name} from {CommandWords.Local(cancelled.From, zone)} to {CommandWords.Local(cancelled.To, zone)}.");
    }

    private async Task<CommandReply> RotateAsync(RotateCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        Rotation? rotation;
        if (command.Team is { } teamId)
        {
            if (current.FindTeam(teamId) is null)
            {
                return new CommandReply(false, $"'{teamId}' is not a team in the catalog.\nUsage: {CommandGrammar.Usage("rotate")}");
            }
            rotation = current.RotationsOf(teamId).FirstOrDefault();
        }
        else
        {
            rotation = RotationFor(current, context);
        }
        if (rotation is null)
        {
            return new CommandReply(false, "That team has no rotation to hand over.");
        }
        var result = command.Confirmed
            ? await overrides.HandOffNowAsync(rotation.Id, context.By, cancellationToken)
            : await overrides.PreviewHandOffAsync(rotation.Id, cancellationToken);
        if (result is not { Done: true, Outgoing: { } outgoing, Incoming: { } incoming, Until: { } until })
        {
            return new CommandReply(false, result.Refusal!);
        }
        var team = current.FindTeam(rotation.TeamId)!;
        var zone = CommandWords.Zone(ReaderOf(current, context)?.TimeZone ?? rotation.TimeZone);
        var outgoingMain = team.FindMember(outgoing.Main)?.DisplayName ?? outgoing.Main;
        var change = $"{outgoingMain} hands {rotation.Name} over to {OnCallReply.Holders(team, incoming.Main, incoming.Backups)}, until the scheduled handoff at {CommandWords.Local(until, zone)}";
        var prompt = command.Confirmed ? await handoffs.PostEarlyAsync(result, context.By, cancellationToken) : null;
        return command.Confirmed
            ? new CommandReply(true, $"Handed over: {change}. The schedule after that is unchanged{(prompt is null ? "." : "; the handoff prompt is posted in the team's channel.")}")
            : new CommandReply(true, $"Hand over now? {change}. To do it: rotate {team.Id} confirm");
    }

    /// <summary>The rotation a schedule change is about: the channel team's, else the first of the caller's teams that has one.</summary>
    private static Rotation? RotationFor(ServiceCatalog catalog, CommandContext context)
    {
        var teams = context.ChannelTeamId is { } channelTeam
            ? [channelTeam]
            : catalog.Teams.Where(t => t.FindMember(context.By.Id) is not null).Select(t => t.Id).ToList();
        return teams.SelectMany(catalog.RotationsOf).FirstOrDefault();
    }

    private static Member? ReaderOf(ServiceCatalog catalog, CommandContext context) =>
        catalog.Teams.Select(t => t.FindMember(context.By.Id)).FirstOrDefault(m => m is not null);

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
}
