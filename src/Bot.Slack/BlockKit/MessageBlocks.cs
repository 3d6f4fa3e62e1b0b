using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>
/// What the incident and notice messages share in Block Kit: the opening section with the facts as fields (an
/// instant as a date token each reader sees in their own time zone), the row of buttons that carry the subject's id,
/// and Slack's 50 blocks.
/// </summary>
internal static class MessageBlocks
{
    /// <summary>
    /// <paramref name="mrkdwn"/> (if any) with the first ten facts as <c>*Name*\nvalue</c> fields; further facts follow in
    /// sections of their own. <paramref name="escape"/> turns a fact's value into mrkdwn.
    /// </summary>
    public static IEnumerable<SectionBlock> TextWithFields(string mrkdwn, IEnumerable<MessageField> fields, Func<string, string> escape)
    {
        var chunks = fields
            .Select(f => (TextObject)new Mrkdwn(SlackText.Truncate($"*{SlackText.Escape(f.Name)}*\n{LocalTime(f, escape)}", SectionBlock.MaxFieldLength)))
            .Chunk(SectionBlock.MaxFields)
            .ToList();
        var hasText = !string.IsNullOrWhiteSpace(mrkdwn);
        if (hasText || chunks.Count > 0)
        {
            yield return new SectionBlock(
                hasText ? new Mrkdwn(SlackText.Truncate(mrkdwn, SectionBlock.MaxTextLength)) : null,
                chunks.Count > 0 ? chunks[0] : null);
        }
        foreach (var more in chunks.Skip(1))
        {
            yield return new SectionBlock(Fields: more);
        }
    }

    /// <summary>
    /// A divider and a button per action (<c>action_id</c> the action's id, <c>value</c> <paramref name="subjectId"/>, so a
    /// click names what it acts on), or nothing when there are no actions. <paramref name="isPrimary"/> gets each action
    /// and its position. An action id twice would make Slack refuse the whole message, so only its first button stays.
    /// </summary>
    public static IEnumerable<Block> Buttons(IReadOnlyList<MessageAction> actions, string subjectId, string blockId, Func<MessageAction, int, bool> isPrimary)
    {
        if (actions.Count == 0)
        {
            yield break;
        }
        yield return new DividerBlock();
        yield return new ActionsBlock(
            [.. actions.DistinctBy(a => a.Id, StringComparer.Ordinal).Take(ActionsBlock.MaxElements).Select((a, i) => new ButtonElement(
                new PlainText(SlackText.Truncate(a.Text, ButtonElement.MaxTextLength)),
                a.Id,
                subjectId,
                isPrimary(a, i) ? ButtonElement.Primary : null))],
            BlockId: blockId);
    }

    /// <summary>
    /// Keeps a message within Slack's 50 blocks: <paramref name="tail"/> (the buttons, and what must stay beside them)
    /// always stays, and the content is cut to make room.
    /// </summary>
    public static List<Block> Limit(IReadOnlyList<Block> content, IReadOnlyList<Block> tail) =>
        [.. content.Take(Math.Max(0, Block.MaxPerMessage - tail.Count)), .. tail];

    /// <summary>A field's value, with the instant it tells of as a date token that falls back to the same UTC text.</summary>
    private static string LocalTime(MessageField field, Func<string, string> escape)
    {
        var value = escape(field.Value);
        if (field.At is not { } at)
        {
            return value;
        }
        var utc = MessageField.Utc(at);
        return value.Replace(utc, SlackText.Date(at, utc), StringComparison.Ordinal);
    }
}
