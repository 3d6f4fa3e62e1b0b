using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Notifications;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// A notice (a handoff prompt, a cover request) as an Adaptive Card (schema 1.5), laid out like the incident card: a
/// banner coloured by the notice's tone (red while it waits for someone, amber when overdue, green once done, grey when
/// no longer relevant) with the title; the summary; the facts, an instant in each reader's local time; each section as
/// a heading over one bullet per line; the footer; and a button per action (<see cref="CardActions"/>, data
/// <c>{"noticeId": 7}</c>). People mentioned in the summary, lines and footer are Teams mentions (<see cref="TeamsMentions"/>),
/// so they are notified. Long texts are cut until the card fits; if even then the lines do not all fit, the first
/// ones are shown and the rest counted.
/// </summary>
internal static class NoticeCard
{
    private const int MaxTitleLength = 300;
    private const int MaxHeadingLength = 200;
    private const int MaxLineLength = 300;
    private const string Bullet = "• ";

    public static JsonObject Render(NoticeMessage message)
    {
        var lines = message.Sections.Sum(s => s.Lines.Count);
        var card = MessageCards.Fit(max => Render(message, max, lines));
        if (SizeOf(card) <= MaxCardBytes || lines == 0)
        {
            return card;
        }

        // Even the shortest texts leave too little room for every line: as many as fit, found by halving.
        var max = MessageCards.ShortestTextLimit;
        var (fits, over) = (0, lines);
        while (over - fits > 1)
        {
            var shown = (fits + over) / 2;
            if (SizeOf(Render(message, max, shown)) <= MaxCardBytes)
            {
                fits = shown;
            }
            else
            {
                over = shown;
            }
        }
        return Render(message, max, fits);
    }

    /// <summary>The card with texts cut to <paramref name="maxText"/> and the first <paramref name="shownLines"/> section lines.</summary>
    private static JsonObject Render(NoticeMessage message, int maxText, int shownLines)
    {
        var mentions = new List<TeamsMention>();
        string Mentioning(string text, Func<string, string> escape)
        {
            var rendered = TeamsMentions.Render(message.Text(text), escape);
            mentions.AddRange(rendered.Mentions);
            return rendered.Text;
        }

        var (style, color) = Banner(message.Tone);
        var body = new JsonArray
        {
            Container([TextBlock(AdaptiveText.Line(message.Title, MaxTitleLength), weight: "Bolder", size: "Large", color: color)], style: style, bleed: true),
        };
        if (!string.IsNullOrWhiteSpace(message.Summary))
        {
            body.Add(TextBlock(Mentioning(message.Summary, text => AdaptiveText.Escape(AdaptiveText.Truncate(text.Trim(), maxText * 2)))));
        }
        if (message.Fields.Count > 0)
        {
            body.Add(MessageCards.Facts(message.Fields, maxText));
        }

        var left = shownLines;
        foreach (var section in message.Sections)
        {
            if (section.Lines.Count == 0 || left == 0)
            {
                continue;
            }
            body.Add(TextBlock(AdaptiveText.Line(section.Heading, MaxHeadingLength), weight: "Bolder", separator: true));
            foreach (var line in section.Lines.Take(left))
            {
                body.Add(TextBlock(Mentioning(line, text => AdaptiveText.Line(Bullet + text, Math.Min(MaxLineLength, maxText))), spacing: "Small"));
            }
            left -= Math.Min(left, section.Lines.Count);
        }
        var hidden = message.Sections.Sum(s => s.Lines.Count) - shownLines;
        if (hidden > 0)
        {
            body.Add(TextBlock(
                string.Create(CultureInfo.InvariantCulture, $"… and {hidden} more line{(hidden == 1 ? "" : "s")} not shown."),
                subtle: true,
                spacing: "Small"));
        }

        if (!string.IsNullOrWhiteSpace(message.Footer))
        {
            body.Add(TextBlock(
                Mentioning(message.Footer, text => AdaptiveText.Line(text, maxText)),
                size: "Small",
                subtle: true,
                separator: true));
        }

        JsonArray actions = [.. message.Actions.Select(action => (JsonNode)MessageCards.Button(action, CardActions.NoticeIdKey, message.NoticeId, "positive"))];
        return Card(body, actions, TeamsMentions.CardEntities(mentions));
    }

    /// <summary>The banner's container style and title colour, by tone: red waiting, amber overdue, green done, grey closed.</summary>
    private static (string Style, string? Color) Banner(NoticeTone tone) => tone switch
    {
        NoticeTone.Good => ("good", "Good"),
        NoticeTone.Warning => ("warning", "Warning"),
        NoticeTone.Neutral => ("emphasis", null),
        _ => ("attention", "Attention"),
    };
}
