using System.Globalization;
using System.Text;
using Bot.Core.Commands;
using Bot.Core.Slos;

namespace Bot.Slack.BlockKit;

/// <summary>
/// The <c>status</c> report in Block Kit: the scope as header; the counts per state and the time of the report as
/// context; for an org unit a roll-up line per child (worst first); a section per SLO, worst first, with its state
/// mark, target and window, budget left, SLI, burn over 1 h and 24 h, when the budget runs out, and open incidents;
/// "and N more SLOs" and the drill-down hint as context; then what the reply's text says beyond the report (the open
/// incidents of a team or service). Within Slack's 50 blocks: when the SLOs do not fit a section each, several share
/// a section (3000 characters at most), and the rest are counted.
/// </summary>
internal static class StatusBlocks
{
    /// <summary>Slack truncates <c>text</c> beyond 40,000 characters; cutting it ourselves keeps the "…".</summary>
    private const int MaxFallbackLength = 40_000;

    /// <summary>An estimate's how or a no-data reason (an exception's message, say) is cut here, so a row stays a row.</summary>
    private const int MaxNoteLength = 500;

    /// <summary>The roll-up and the trailing text each take at most this many sections; the SLO rows get the rest.</summary>
    private const int MaxSectionsForLines = 10;

    /// <summary>The header, the counts, and the footer (more SLOs, drill-down) are always there.</summary>
    private const int FixedBlocks = 3;

    /// <summary>The report of <paramref name="reply"/> (<see cref="CommandReply.Status"/>, which must be set), its text as the fallback.</summary>
    public static SlackMessage Render(CommandReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply.Status);
        return Render(reply.Status, reply.Text);
    }

    /// <param name="text">The report in plain text (the notification fallback); lines it has beyond the report's own words are shown under the rows.</param>
    public static SlackMessage Render(SloStatusReport report, string text)
    {
        var blocks = new List<Block>
        {
            new HeaderBlock(new PlainText(SlackText.Truncate($"SLO status · {report.Scope.Title}", HeaderBlock.MaxTextLength), Emoji: true)),
            new ContextBlock([new Mrkdwn(SlackText.Truncate($"{Counts(report.Counts, withTotal: true)} · as of {Utc(report.At)}", ContextBlock.MaxTextLength))]),
        };

        var rollup = Sections(Rollup(report), MaxSectionsForLines, more => $"… and {more} more");
        var trailing = Sections(TrailingLines(report, text), MaxSectionsForLines, more => $"… and {more} more lines");
        var heading = report.Children.Count > 0 && report.Rows.Count > 0;
        var room = Block.MaxPerMessage - FixedBlocks - rollup.Count - trailing.Count - (heading ? 2 : 0);
        var (rows, notShown) = Rows(report.Rows, Math.Max(1, room));

        blocks.AddRange(rollup);
        if (heading)
        {
            blocks.Add(new DividerBlock());
            blocks.Add(new SectionBlock(new Mrkdwn(report.RowsOmitted > 0 ? $"*Worst {report.Rows.Count} SLOs*" : "*SLOs, worst first*")));
        }
        if (report.Counts.Total == 0)
        {
            blocks.Add(new SectionBlock(new Mrkdwn("No SLOs in this scope.")));
        }
        blocks.AddRange(rows);

        var footer = new List<TextObject>();
        var more = report.RowsOmitted + notShown;
        if (more > 0)
        {
            footer.Add(new Mrkdwn($"… and {more} more SLO{(more == 1 ? "" : "s")}"));
        }
        if (report.DrillDown is { } hint)
        {
            footer.Add(new Mrkdwn($":mag: Drill down: `/slo {SlackText.Escape(hint)}`"));
        }
        if (footer.Count > 0)
        {
            blocks.Add(new ContextBlock(footer));
        }
        blocks.AddRange(trailing);

        return new SlackMessage(SlackText.Truncate(SlackText.Escape(text), MaxFallbackLength), blocks);
    }

    /// <summary>The mark of a state, as the text fallback's 🔴 🟠 🟢 ⚪.</summary>
    public static string Mark(SloState state) => state switch
    {
        SloState.Exhausted => ":red_circle:",
        SloState.Burning => ":large_orange_circle:",
        SloState.Healthy => ":large_green_circle:",
        _ => ":white_circle:",
    };

    /// <summary>One SLO as mrkdwn, three or four lines.</summary>
    internal static string Row(SloStatusRow row)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Mark(row.State)} *{SlackText.Escape(row.ServiceName)} / {SlackText.Escape(row.SloName)}*")
            .Append(CultureInfo.InvariantCulture, $" · {PlainWords.Target(row.Target)} · {row.Window}");
        if (row.Budget is not { } budget)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n_no data: {Note(row.NoData ?? "no reading")}_ · {Incidents(row.OpenIncidents)}");
            return SlackText.Truncate(text.ToString(), SectionBlock.MaxTextLength);
        }
        if (row.Estimate is not null)
        {
            text.Append(" · _estimate_");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nBudget left *{PlainWords.Percent(budget.Remaining)}* · SLI {PlainWords.Compliance(budget.Compliance)}")
            .Append(CultureInfo.InvariantCulture, $" · burn 1h *{PlainWords.Burn(budget.Burn.Last1h)}* / 24h {PlainWords.Burn(budget.Burn.Last24h)}")
            .Append(CultureInfo.InvariantCulture, $"\nExhaustion: {PlainWords.Exhaustion(budget)} · {Incidents(row.OpenIncidents)}");
        if (row.Estimate is { } how)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n_{Note(how)}_");
        }
        return SlackText.Truncate(text.ToString(), SectionBlock.MaxTextLength);
    }

    /// <summary>
    /// A section per row when they fit in <paramref name="room"/> blocks; else rows share sections of at most 3000
    /// characters, and those that still do not fit are counted.
    /// </summary>
    private static (List<Block> Sections, int NotShown) Rows(IReadOnlyList<SloStatusRow> rows, int room)
    {
        var texts = rows.Select(Row).ToList();
        if (texts.Count <= room)
        {
            return ([.. texts.Select(t => new SectionBlock(new Mrkdwn(t)))], 0);
        }
        var sections = new List<Block>();
        var chunk = new StringBuilder();
        var shown = 0;
        foreach (var text in texts)
        {
            if (chunk.Length > 0 && chunk.Length + 2 + text.Length > SectionBlock.MaxTextLength)
            {
                if (sections.Count + 1 == room)
                {
                    break;
                }
                sections.Add(new SectionBlock(new Mrkdwn(chunk.ToString())));
                chunk.Clear();
            }
            chunk.Append(chunk.Length > 0 ? "\n\n" : "").Append(text);
            shown++;
        }
        if (chunk.Length > 0)
        {
            sections.Add(new SectionBlock(new Mrkdwn(chunk.ToString())));
        }
        return (sections, texts.Count - shown);
    }

    /// <summary>For an org unit: a heading and a line per child, worst first.</summary>
    private static List<string> Rollup(SloStatusReport report)
    {
        if (report.Children.Count == 0)
        {
            return [];
        }
        var lines = new List<string> { $"*{SloStatusText.ChildrenHeading(report)}*" };
        foreach (var child in report.Children)
        {
            var line = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{Mark(child.Counts.Worst)} *{SlackText.Escape(child.Name)}* · {Counts(child.Counts, withTotal: false)}");
            if (child.WorstRemaining is { } worst)
            {
                line.Append(CultureInfo.InvariantCulture, $" · lowest budget left *{PlainWords.Percent(worst)}*");
            }
            line.Append(CultureInfo.InvariantCulture, $" · {Incidents(child.OpenIncidents)}");
            lines.Add(SlackText.Truncate(line.ToString(), SectionBlock.MaxTextLength));
        }
        return lines;
    }

    /// <summary>What the reply's text says after the report's own words (the open incidents of a team or service), escaped.</summary>
    private static List<string> TrailingLines(SloStatusReport report, string text)
    {
        var own = SloStatusText.Render(report);
        if (!text.StartsWith(own, StringComparison.Ordinal))
        {
            return [];
        }
        var lines = text[own.Length..].ReplaceLineEndings("\n").Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return [.. lines.Select((l, i) => i == 0 && !l.StartsWith("• ", StringComparison.Ordinal) ? $"*{SlackText.Escape(l.Trim())}*" : SlackText.Escape(l))];
    }

    /// <summary>Lines joined into sections of at most 3000 characters, at most <paramref name="max"/> of them; what is cut is counted in a last line.</summary>
    private static List<Block> Sections(List<string> lines, int max, Func<int, string> more)
    {
        var chunks = SlackText.Chunks(string.Join('\n', lines), SectionBlock.MaxTextLength).ToList();
        if (chunks.Count > max)
        {
            // Chunks hold whole lines (none of these lines has a line break of its own), so counting breaks counts lines.
            var shown = chunks.Take(max - 1).Sum(c => c.Count(ch => ch == '\n') + 1);
            chunks = [.. chunks.Take(max - 1), more(lines.Count - shown)];
        }
        return [.. chunks.Select(c => (Block)new SectionBlock(new Mrkdwn(c)))];
    }

    /// <summary>"2 exhausted · 1 burning · 5 healthy · 1 no data" with each state's mark; zero counts left out, except healthy.</summary>
    private static string Counts(SloStateCounts counts, bool withTotal)
    {
        var parts = counts.Parts().Select(p => $"{Mark(p.State)} {p.Words}");
        return string.Join(" · ", withTotal ? parts.Prepend($"*{counts.Total} SLO{(counts.Total == 1 ? "" : "s")}*") : parts);
    }

    private static string Incidents(int count) => count switch
    {
        0 => "no open incidents",
        1 => "1 open incident",
        _ => $"{count} open incidents",
    };

    private static string Note(string text) => SlackText.Escape(SlackText.Truncate(text.ReplaceLineEndings(" "), MaxNoteLength));

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
