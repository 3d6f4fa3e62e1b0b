using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>
/// An incident message in Block Kit: the title as header, the headline and the facts as a section with fields, the
/// links, severity/priority/state as context, and a button per action whose <c>value</c> is the incident id, beside
/// the priority and severity menus (<see cref="IncidentMenus"/>; priorities from the catalog).
/// A field's instant (<see cref="MessageField.At"/>) becomes a Slack date token, so each reader sees their local time.
/// </summary>
internal static class IncidentBlocks
{
    /// <param name="priorities">The catalog's priorities, the priority menu's options; none leaves that menu out.</param>
    public static SlackMessage Render(IncidentMessage message, IReadOnlyList<PriorityDefinition>? priorities = null)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(SlackText.Truncate(message.Title, HeaderBlock.MaxTextLength), Emoji: true)),
        };
        blocks.AddRange(MessageBlocks.TextWithFields($"*{SlackText.Escape(message.Headline)}*", message.Fields, SlackText.Escape));

        if (message.Links.Count > 0)
        {
            var links = string.Join(" · ", message.Links.Select(l => SlackText.Link(l.Url, l.Text)));
            blocks.Add(new SectionBlock(new Mrkdwn(SlackText.Truncate(links, SectionBlock.MaxTextLength))));
        }

        var context = new List<TextObject>
        {
            new Mrkdwn($"{SeverityEmoji(message.Severity)} Severity: *{message.Severity.ToString().ToLowerInvariant()}*"),
        };
        if (message.Priority is { } priority)
        {
            context.Add(new Mrkdwn($"Priority: *{SlackText.Escape(priority)}*"));
        }
        context.Add(new Mrkdwn($"State: *{message.State.ToString().ToLowerInvariant()}*"));
        blocks.Add(new ContextBlock(context));

        var id = message.IncidentId.ToString(CultureInfo.InvariantCulture);
        var buttons = MessageBlocks.Buttons(message.Actions, id, $"incident.{id}.actions", (a, _) => a.Id == MessageAction.Acknowledge.Id).ToList();
        var menus = IncidentMenus.For(message.IncidentId, message.Priority, message.Severity, priorities ?? []).ToList();
        if (buttons.OfType<ActionsBlock>().LastOrDefault() is { } row)
        {
            // The menus take the row's last places; the buttons keep theirs (Slack allows 25 elements in a row).
            var kept = row.Elements.Take(ActionsBlock.MaxElements - menus.Count);
            buttons[buttons.IndexOf(row)] = row with { Elements = [.. kept, .. menus] };
        }
        else
        {
            buttons.AddRange([new DividerBlock(), new ActionsBlock(menus, BlockId: $"incident.{id}.actions")]);
        }

        return new SlackMessage(SlackText.Escape($"{message.Headline}: {message.Title}"), MessageBlocks.Limit(blocks, buttons));
    }

    private static string SeverityEmoji(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Critical => ":red_circle:",
        IncidentSeverity.Error => ":large_orange_circle:",
        _ => ":large_yellow_circle:",
    };
}
