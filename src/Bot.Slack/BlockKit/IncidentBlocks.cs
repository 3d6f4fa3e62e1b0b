using System.Globalization;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>
/// An incident message in Block Kit: the title as header, the headline and the facts as a section with fields, the
/// links, severity/priority/state as context, and a button per action whose <c>value</c> is the incident id.
/// A field's instant (<see cref="MessageField.At"/>) becomes a Slack date token, so each reader sees their local time.
/// </summary>
internal static class IncidentBlocks
{
    public static SlackMessage Render(IncidentMessage message)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(SlackText.Truncate(message.Title, HeaderBlock.MaxTextLength), Emoji: true)),
        };

        var fields = message.Fields
            .Select(f => (TextObject)new Mrkdwn(SlackText.Truncate($"*{SlackText.Escape(f.Name)}*\n{LocalTime(f)}", SectionBlock.MaxFieldLength)))
            .Chunk(SectionBlock.MaxFields)
            .ToList();
        var headline = new Mrkdwn(SlackText.Truncate($"*{SlackText.Escape(message.Headline)}*", SectionBlock.MaxTextLength));
        blocks.Add(new SectionBlock(headline, fields.Count > 0 ? fields[0] : null));
        blocks.AddRange(fields.Skip(1).Select(more => new SectionBlock(Fields: more)));

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
        if (message.Actions.Count > 0)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new ActionsBlock(
                [.. message.Actions.Select(a => new ButtonElement(
                    new PlainText(SlackText.Truncate(a.Text, ButtonElement.MaxTextLength)),
                    a.Id,
                    id,
                    a.Id == MessageAction.Acknowledge.Id ? ButtonElement.Primary : null))],
                BlockId: $"incident.{id}.actions"));
        }

        return new SlackMessage(SlackText.Escape($"{message.Headline}: {message.Title}"), Limit(blocks));
    }

    /// <summary>Keeps a message within Slack's 50 blocks; the buttons (the last block) always stay.</summary>
    private static List<Block> Limit(List<Block> blocks) =>
        blocks.Count <= Block.MaxPerMessage ? blocks : [.. blocks.Take(Block.MaxPerMessage - 1), blocks[^1]];

    private static string SeverityEmoji(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Critical => ":red_circle:",
        IncidentSeverity.Error => ":large_orange_circle:",
        _ => ":large_yellow_circle:",
    };

    /// <summary>A field's value, with the instant it tells of as a date token that falls back to the same UTC text.</summary>
    private static string LocalTime(MessageField field)
    {
        var value = SlackText.Escape(field.Value);
        if (field.At is not { } at)
        {
            return value;
        }
        var utc = MessageField.Utc(at);
        return value.Replace(utc, SlackText.Date(at, utc), StringComparison.Ordinal);
    }
}
