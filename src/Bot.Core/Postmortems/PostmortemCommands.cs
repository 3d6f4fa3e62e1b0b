using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Commands;

namespace Bot.Core.Postmortems;

/// <summary>Which postmortem a command means: one by its id (<c>PM-3</c>), or an incident's (<c>#42</c>).</summary>
public sealed record PostmortemTarget(long? PostmortemId, long? IncidentId)
{
    public override string ToString() => PostmortemId is { } id ? PostmortemReference.Of(id) : $"#{IncidentId}";
}

/// <summary><c>postmortem [incident]</c>: start the incident's postmortem (the channel team's latest incident when omitted), or show the one it has.</summary>
public sealed record PostmortemStartCommand(long? IncidentId) : ResponseCommand;

/// <summary><c>postmortem PM-3</c>: its state, summary and link.</summary>
public sealed record PostmortemShowCommand(long PostmortemId) : ResponseCommand;

/// <summary><c>postmortem &lt;PM-id|#incident&gt; set &lt;section&gt; &lt;text…&gt;</c>: replace one section's text.</summary>
public sealed record PostmortemSetCommand(PostmortemTarget Target, string Section, string Text) : ResponseCommand;

/// <summary><c>postmortem &lt;PM-id|#incident&gt; meeting &lt;when&gt;</c>: plan the meeting; the time is read in the reader's time zone.</summary>
public sealed record PostmortemMeetingCommand(PostmortemTarget Target, string When) : ResponseCommand;

/// <summary><c>postmortem &lt;PM-id|#incident&gt; state draft|reviewed|published</c>.</summary>
public sealed record PostmortemStateCommand(PostmortemTarget Target, PostmortemState State) : ResponseCommand;

/// <summary><c>postmortem list [team] [overdue]</c>: a team's postmortems (the channel's or the caller's team), or its overdue ones.</summary>
public sealed record PostmortemListCommand(string? Team, bool Overdue) : ResponseCommand;

/// <summary>Runs the <c>postmortem</c> verb for every chat adapter.</summary>
public sealed class PostmortemCommands(
    CatalogHolder catalog,
    PostmortemActions actions,
    IPostmortemStore store,
    PostmortemReminders reminders,
    PostmortemOptions options,
    TimeProvider time) : ICommandFamily
{
    public bool Runs(ResponseCommand command) => command is PostmortemStartCommand or PostmortemShowCommand or PostmortemSetCommand
        or PostmortemMeetingCommand or PostmortemStateCommand or PostmortemListCommand;

    public async Task<CommandReply> HandleAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (command)
        {
            case PostmortemStartCommand start:
                return (await actions.StartAsync(start.IncidentId, context, cancellationToken)).ToReply();
            case PostmortemShowCommand show:
                return await store.FindAsync(show.PostmortemId, cancellationToken) is { } found
                    ? new CommandReply(true, Describe(found))
                    : new CommandReply(false, $"There is no postmortem {PostmortemReference.Of(show.PostmortemId)}.");
            case PostmortemListCommand list:
                return await ListAsync(list, context, cancellationToken);
        }
        var target = command switch
        {
            PostmortemSetCommand c => c.Target,
            PostmortemMeetingCommand c => c.Target,
            PostmortemStateCommand c => c.Target,
            _ => throw new ArgumentException($"'{command}' is not a postmortem command.", nameof(command)),
        };
        if (await IdOfAsync(target, cancellationToken) is not { } id)
        {
            return new CommandReply(false, target.PostmortemId is null
                ? $"Incident {target} has no postmortem yet; start it with 'postmortem {target}'."
                : $"There is no postmortem {target}.");
        }
        switch (command)
        {
            case PostmortemSetCommand set:
                return (await actions.EditSectionsAsync(id, new Dictionary<string, string> { [set.Section] = set.Text }, context.By, cancellationToken)).ToReply();
            case PostmortemStateCommand state:
                return (await actions.ChangeStateAsync(id, state.State, context.By, cancellationToken)).ToReply();
            case PostmortemMeetingCommand meeting:
                var current = catalog.Current;
                var postmortem = await store.FindAsync(id, cancellationToken);
                var zone = CommandWords.Zone(current.FindMember(context.By.Id)?.TimeZone
                    ?? (postmortem?.TeamId is { } team ? current.RotationsOf(team).FirstOrDefault()?.TimeZone : null));
                if (CommandWords.Instant(meeting.When, zone, time.GetUtcNow()) is not { } at)
                {
                    return new CommandReply(false, $"'{meeting.When}' is not a time; write 2026-05-06T14:00 (in {zone.Id}), +2d or a time with an offset.\nUsage: {CommandGrammar.Usage("postmortem")}");
                }
                return (await actions.ScheduleMeetingAsync(id, at, context.By, cancellationToken)).ToReply();
            default:
                throw new ArgumentException($"'{command}' is not a postmortem command.", nameof(command));
        }
    }

    private async Task<long?> IdOfAsync(PostmortemTarget target, CancellationToken cancellationToken) =>
        target.PostmortemId ?? (await store.FindByIncidentAsync(target.IncidentId!.Value, cancellationToken))?.Id;

    private string Describe(Postmortem postmortem)
    {
        var zone = PostmortemFacts.ZoneOf(catalog.Current, postmortem.TeamId);
        var meeting = postmortem.MeetingAt is { } at ? $", meeting {PostmortemFacts.When(at, zone)}" : "";
        return $"{postmortem.Reference} for incident #{postmortem.IncidentId}: {postmortem.Title} ({PostmortemActions.Word(postmortem.State)}, version {postmortem.Version}{meeting}).\n"
            + $"Sections: {string.Join(", ", postmortem.Sections.Select(s => s.Key))}\n{actions.Summary(postmortem)}";
    }

    private async Task<CommandReply> ListAsync(PostmortemListCommand list, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var teamId = list.Team ?? context.ChannelTeamId ?? current.Teams.FirstOrDefault(t => t.FindMember(context.By.Id) is not null)?.Id;
        if (teamId is null)
        {
            return new CommandReply(false, $"Name a team, e.g. 'postmortem list payments': you are in no team, and this channel belongs to none.\nUsage: {CommandGrammar.Usage("postmortem")}");
        }
        if (current.FindTeam(teamId) is not { } team)
        {
            return new CommandReply(false, $"'{teamId}' is not a team in the catalog.\nUsage: {CommandGrammar.Usage("postmortem")}");
        }
        if (list.Overdue)
        {
            var overdue = await reminders.OverdueAsync(team.Id, cancellationToken);
            return new CommandReply(true, reminders.StatusLines(overdue, current, time.GetUtcNow()) ?? $"No overdue postmortems for team {team.Name}.");
        }
        var postmortems = await store.ListAsync(new PostmortemQuery(team.Id, Limit: 20), cancellationToken);
        if (postmortems.Count == 0)
        {
            return new CommandReply(true, $"Team {team.Name} has no postmortems yet; start one with 'postmortem #<incident>'.");
        }
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Postmortems of team {team.Name} ({postmortems.Count}{(postmortems.Count == 20 ? ", newest" : "")}):"));
        foreach (var postmortem in postmortems)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n• {postmortem.Reference} #{postmortem.IncidentId} {PostmortemActions.Word(postmortem.State)}: {postmortem.Title} — {options.MarkdownLink(postmortem.Id)}");
        }
        return new CommandReply(true, text.ToString());
    }
}
