using System.Globalization;
using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>
/// A notice (a handoff prompt, a cover request) in Block Kit: a mark of its tone and the title as header, the summary
/// with the facts as fields (an instant as a date token, as on the incident message), each section as a bold heading
/// over one bullet per line, the footer as context, and a button per action whose <c>value</c> is the notice id (the
/// first one primary). People mentioned in the text are Slack mentions (<see cref="SlackText.Escape(ChatText)"/>).
/// </summary>
internal static class NoticeBlocks
{
    /// <summary>Slack truncates <c>text</c> beyond 40,000 characters; cutting it ourselves keeps the "…".</summary>
    private const int MaxFallbackLength = 40_000;

    public static SlackMessage Render(NoticeMessage message)
    {
        string Escaped(string text) => SlackText.Escape(message.Text(text));

        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(SlackText.Truncate($"{ToneMark(message.Tone)} {message.Title}", HeaderBlock.MaxTextLength), Emoji: true)),
        };
        var summary = Escaped(message.Summary);
        blocks.AddRange(MessageBlocks.TextWithFields(summary, message.Fields, Escaped));
        foreach (var section in message.Sections)
        {
            blocks.AddRange(Section(section, Escaped));
        }

        var tail = new List<Block>();
        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            tail.Add(new ContextBlock([new Mrkdwn(SlackText.Truncate(Escaped(message.Footer), ContextBlock.MaxTextLength))]));
        }
        var id = message.NoticeId.ToString(CultureInfo.InvariantCulture);
        tail.AddRange(MessageBlocks.Buttons(message.Actions, id, $"notice.{id}.actions", (_, position) => position == 0));

        var fallback = !string.IsNullOrWhiteSpace(summary) ? $"{SlackText.Escape(message.Title)}: {summary}" : SlackText.Escape(message.Title);
        return new SlackMessage(SlackText.Truncate(fallback, MaxFallbackLength), MessageBlocks.Limit(blocks, tail));
    }

    /// <summary>The heading in bold, then a bullet per line; split at line breaks into sections of at most 3000 characters.</summary>
    private static IEnumerable<Block> Section(NoticeSection section, Func<string, string> escaped)
    {
        var lines = section.Lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => $"• {escaped(l)}");
        var text = string.Join('\n', string.IsNullOrWhiteSpace(section.Heading) ? lines : lines.Prepend($"*{SlackText.Escape(section.Heading)}*"));
        return SlackText.Chunks(text, SectionBlock.MaxTextLength).Select(chunk => new SectionBlock(new Mrkdwn(chunk)));
    }

    private static string ToneMark(NoticeTone tone) => tone switch
    {
        NoticeTone.Attention => ":bell:",
        NoticeTone.Good => ":white_check_mark:",
        NoticeTone.Warning => ":warning:",
        _ => ":white_circle:",
    };
}
