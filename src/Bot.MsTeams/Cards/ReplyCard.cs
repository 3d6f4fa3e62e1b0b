using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.Commands;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// A command's reply (help, status, an outcome) as an Adaptive Card. The reply is plain text: its first line becomes
/// the title, and each "• " line a row under a separator: a help entry as the syntax in monospace over its description
/// and example; a status line ("#42 P1 critical · title · …") as its lead in bold (red or amber by severity) beside the
/// rest. A refusal or usage error sits in a red container. Rows that would take the card past its size are counted instead.
/// A reply with an SLO status report (<see cref="CommandReply.Status"/>) is the <see cref="StatusCard"/>.
/// </summary>
internal static partial class ReplyCard
{
    private const string Bullet = "• ";
    private const string Separator = " · ";
    private const int MaxLineLength = 1000;
    private const int MaxLeadLength = 60;

    public static JsonObject Render(CommandReply reply)
    {
        if (reply.Status is not null)
        {
            return StatusCard.Render(reply);
        }
        var lines = reply.Text.ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0)
            .ToList();
        var body = new JsonArray();
        var rows = lines;
        if (lines.Count > 0 && !lines[0].StartsWith(Bullet, StringComparison.Ordinal))
        {
            body.Add(TextBlock(
                AdaptiveText.Line(lines[0], MaxLineLength),
                weight: "Bolder",
                size: lines.Count > 1 ? "Medium" : null,
                color: reply.Succeeded ? null : "Attention"));
            rows = lines[1..];
        }

        // Each row is measured once as it is added; the card's frame (and a possible wrapping container) is the rest.
        var size = SizeOf(Card([])) + SizeOf(body) + SizeOf(Container([], style: "attention", bleed: true)) + SizeOf(More(int.MaxValue));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = Row(rows[i]);
            var rowSize = SizeOf(row) + 1;
            if (size + rowSize > MaxCardBytes)
            {
                body.Add(More(rows.Count - i));
                break;
            }
            size += rowSize;
            body.Add(row);
        }

        return reply.Succeeded
            ? Card(body)
            : Card([Container(body, style: "attention", bleed: true)]);
    }

    /// <summary>A line of a reply under its title: a help entry, a status line led by an incident ("• #42 P1 critical · …"), or text.</summary>
    internal static JsonObject Row(string line)
    {
        if (!line.StartsWith(Bullet, StringComparison.Ordinal))
        {
            return TextBlock(AdaptiveText.Line(line, MaxLineLength), spacing: "Small");
        }
        var item = line[Bullet.Length..];
        if (HelpLine().Match(item) is { Success: true } help)
        {
            return Container(
                [
                    TextBlock(AdaptiveText.Line(help.Groups["syntax"].Value, MaxLineLength), weight: "Bolder", fontType: "Monospace"),
                    TextBlock(AdaptiveText.Line(help.Groups["description"].Value, MaxLineLength), spacing: "None"),
                    TextBlock($"Example: {AdaptiveText.Line(help.Groups["example"].Value, MaxLineLength)}", subtle: true, fontType: "Monospace", size: "Small", spacing: "None"),
                ],
                separator: true);
        }
        var cut = item.IndexOf(Separator, StringComparison.Ordinal);
        if (cut > 0 && cut <= MaxLeadLength)
        {
            var lead = item[..cut];
            return ColumnSet(
                [
                    Column("auto", [TextBlock(AdaptiveText.Line(lead, MaxLeadLength), weight: "Bolder", color: SeverityColor(lead))]),
                    Column("stretch", [TextBlock(AdaptiveText.Line(item[(cut + Separator.Length)..], MaxLineLength))]),
                ],
                separator: true);
        }
        return TextBlock(AdaptiveText.Line(line, MaxLineLength), separator: true);
    }

    /// <summary>A status line's lead names the severity ("#42 P1 critical"); its colour says it at a glance.</summary>
    private static string? SeverityColor(string lead)
    {
        var words = lead.Split(' ');
        return words.Contains("critical") || words.Contains("error") ? "Attention" : words.Contains("warning") ? "Warning" : null;
    }

    private static JsonObject More(int count) =>
        TextBlock($"… and {count} more line{(count == 1 ? "" : "s")} not shown.", subtle: true, separator: true);

    /// <summary>A line of help: "syntax — description Example: example" (CommandHandler's help).</summary>
    [GeneratedRegex(@"^(?<syntax>.+?) — (?<description>.+?) Example: (?<example>.+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex HelpLine();
}
