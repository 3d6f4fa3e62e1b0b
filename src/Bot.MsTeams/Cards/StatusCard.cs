using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Commands;
using Bot.Core.Slos;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// The <c>status</c> report as an Adaptive Card (schema 1.5): a banner with the scope, the time of the report and the
/// counts per state in the state's colour (red exhausted, amber burning, green healthy); for an org unit a roll-up line
/// per child, worst first; then a table of SLOs, worst first (columns of the same weights line up under a header row):
/// a coloured mark, the service / SLO with its target, window, SLI and when the budget runs out; budget left with the
/// state; burn over 1 h and 24 h; open incidents. Then "and N more SLOs", what the reply's text says beyond the report
/// (the open incidents of a team or service, as <see cref="ReplyCard"/> shows them) and the drill-down hint. Whatever
/// would take the card past its size is counted instead.
/// </summary>
internal static class StatusCard
{
    private const int MaxNameLength = 200;
    private const int MaxNoteLength = 300;
    private const int MaxLineLength = 1000;

    /// <summary>The SLO, budget left, burn and open-incidents columns, by weight.</summary>
    private static readonly int[] Weights = [6, 2, 2, 2];

    /// <summary>The report of <paramref name="reply"/> (<see cref="CommandReply.Status"/>, which must be set).</summary>
    public static JsonObject Render(CommandReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply.Status);
        return Render(reply.Status, reply.Text);
    }

    /// <param name="text">The report in plain text; lines it has beyond the report's own words are shown under the table.</param>
    public static JsonObject Render(SloStatusReport report, string text)
    {
        // What says what was cut, and the hint, always find room: their largest size is kept aside from the start.
        var reserved = 3 * SizeOf(Note($"… and {int.MaxValue} more lines not shown")) + (report.DrillDown is { } h ? SizeOf(Hint(h)) : 0);
        var body = new FittingBody(reserved);
        body.Add(Banner(report));

        if (report.Children.Count > 0)
        {
            body.TryAdd(Heading(SloStatusText.ChildrenHeading(report)));
            var cut = body.AddWhileFits(report.Children, (child, _) => ChildRow(child));
            if (cut > 0)
            {
                body.AddReserved(Note($"… and {cut} more not shown"));
            }
            if (report.Rows.Count > 0)
            {
                body.TryAdd(Heading(report.RowsOmitted > 0 ? $"Worst {report.Rows.Count} SLOs" : "SLOs, worst first"));
            }
        }

        if (report.Counts.Total == 0)
        {
            body.Add(TextBlock("No SLOs in this scope.", separator: true));
        }
        var notShown = report.Rows.Count > 0 && body.TryAdd(TableHeader())
            ? body.AddWhileFits(report.Rows, (row, _) => SloRow(row))
            : report.Rows.Count;
        var more = report.RowsOmitted + notShown;
        if (more > 0)
        {
            body.AddReserved(Note($"… and {more} more SLO{(more == 1 ? "" : "s")}{(notShown > 0 ? " not shown" : "")}"));
        }

        var trailing = TrailingLines(report, text);
        var linesCut = body.AddWhileFits(trailing, (line, i) => i == 0 && !line.StartsWith("• ", StringComparison.Ordinal)
            ? TextBlock(AdaptiveText.Line(line, MaxLineLength), weight: "Bolder", separator: true)
            : ReplyCard.Row(line));
        if (linesCut > 0)
        {
            body.AddReserved(Note($"… and {linesCut} more line{(linesCut == 1 ? "" : "s")} not shown"));
        }
        if (report.DrillDown is { } hint)
        {
            body.AddReserved(Hint(hint));
        }
        return Card(body.Items);
    }

    /// <summary>The scope as title, the SLOs and the time of the report, and the count of each state in its colour.</summary>
    private static JsonObject Banner(SloStatusReport report)
    {
        var counts = new JsonArray();
        void Count(int count, SloState state, string word)
        {
            var (color, subtle) = Colour(state);
            counts.Add(Column("auto", [TextBlock($"{count} {word}", weight: "Bolder", color: color, subtle: subtle)]));
        }
        var c = report.Counts;
        if (c.Exhausted > 0)
        {
            Count(c.Exhausted, SloState.Exhausted, "exhausted");
        }
        if (c.Burning > 0)
        {
            Count(c.Burning, SloState.Burning, "burning");
        }
        Count(c.Healthy, SloState.Healthy, "healthy");
        if (c.NoData > 0)
        {
            Count(c.NoData, SloState.NoData, "no data");
        }
        var at = report.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return Container(
            [
                TextBlock(AdaptiveText.Line($"SLO status · {report.Scope.Title}", MaxNameLength), weight: "Bolder", size: "Medium"),
                TextBlock($"{c.Total} SLO{(c.Total == 1 ? "" : "s")} · as of {at}", subtle: true, size: "Small", spacing: "None"),
                ColumnSet(counts, spacing: "Small"),
            ],
            style: "emphasis",
            bleed: true);
    }

    /// <summary>A child of an org unit: its worst state's mark, name, counts and open incidents, and its lowest budget left.</summary>
    private static JsonObject ChildRow(SloRollup child)
    {
        var state = child.Counts.Worst;
        var (color, subtle) = Colour(state);
        var worst = child.WorstRemaining is { } w ? PlainWords.Percent(w) : "–";
        return ColumnSet(
            [
                Column(Weights[0], [Marked(state, [
                    TextBlock(AdaptiveText.Line(child.Name, MaxNameLength), weight: "Bolder"),
                    TextBlock($"{Counts(child.Counts)} · {Incidents(child.OpenIncidents)}", size: "Small", subtle: true, spacing: "None"),
                ])]),
                Column(Weights[1] + Weights[2] + Weights[3], [
                    TextBlock(worst, weight: "Bolder", color: color, subtle: subtle),
                    TextBlock("lowest budget left", size: "Small", subtle: true, spacing: "None"),
                ]),
            ],
            separator: true);
    }

    /// <summary>The column titles the SLO rows line up under.</summary>
    private static JsonObject TableHeader()
    {
        string[] titles = ["SLO", "Budget left", "Burn 1h / 24h", "Open incidents"];
        return ColumnSet(
            [.. titles.Select((title, i) => (JsonNode)Column(Weights[i], [TextBlock(title, weight: "Bolder", size: "Small", subtle: true)]))],
            separator: true);
    }

    /// <summary>One SLO: what it promises and how it stands in the first column; the figures in the others.</summary>
    private static JsonObject SloRow(SloStatusRow row)
    {
        var (color, subtle) = Colour(row.State);
        var budget = row.Budget;
        var promise = $"{PlainWords.Target(row.Target)} · {row.Window}";
        JsonArray about =
        [
            TextBlock(AdaptiveText.Line($"{row.ServiceName} / {row.SloName}", MaxNameLength), weight: "Bolder"),
        ];
        if (budget is null)
        {
            about.Add(TextBlock(promise, size: "Small", subtle: true, spacing: "None"));
            about.Add(TextBlock(AdaptiveText.Line($"no data: {row.NoData ?? "no reading"}", MaxNoteLength), size: "Small", spacing: "None"));
        }
        else
        {
            var estimate = row.Estimate is null ? "" : " · estimate";
            about.Add(TextBlock($"{promise} · SLI {PlainWords.Compliance(budget.Compliance)}{estimate}", size: "Small", subtle: true, spacing: "None"));
            about.Add(TextBlock(AdaptiveText.Line($"Exhaustion: {PlainWords.Exhaustion(budget)}", MaxNoteLength), size: "Small", spacing: "None"));
            if (row.Estimate is { } how)
            {
                about.Add(TextBlock(AdaptiveText.Line(how, MaxNoteLength), size: "Small", subtle: true, spacing: "None"));
            }
        }
        return ColumnSet(
            [
                Column(Weights[0], [Marked(row.State, about)]),
                Column(Weights[1], [
                    TextBlock(budget is null ? "–" : PlainWords.Percent(budget.Remaining), weight: "Bolder", color: color, subtle: subtle),
                    TextBlock(StateWord(row.State), size: "Small", color: color, subtle: subtle, spacing: "None"),
                ]),
                Column(Weights[2], [TextBlock(budget is null ? "–" : $"{PlainWords.Burn(budget.Burn.Last1h)} / {PlainWords.Burn(budget.Burn.Last24h)}")]),
                Column(Weights[3], [TextBlock(row.OpenIncidents.ToString(CultureInfo.InvariantCulture), subtle: row.OpenIncidents == 0)]),
            ],
            separator: true);
    }

    /// <summary><paramref name="items"/> with the state's mark, a coloured dot, before them.</summary>
    private static JsonObject Marked(SloState state, JsonArray items)
    {
        var (color, subtle) = Colour(state);
        return ColumnSet(
            [
                Column("auto", [TextBlock(state == SloState.NoData ? "○" : "●", color: color, subtle: subtle)]),
                Column("stretch", items),
            ]);
    }

    private static JsonObject Heading(string text) => TextBlock(text, weight: "Bolder", separator: true, spacing: "Medium");

    private static JsonObject Note(string text) => TextBlock(text, subtle: true, size: "Small");

    private static JsonObject Hint(string hint) =>
        TextBlock($"Drill down: **{AdaptiveText.Line(hint, MaxNameLength)}**", subtle: true, separator: true);

    /// <summary>What the reply's text says after the report's own words (the open incidents of a team or service).</summary>
    private static List<string> TrailingLines(SloStatusReport report, string text)
    {
        var own = SloStatusText.Render(report);
        return text.StartsWith(own, StringComparison.Ordinal)
            ? [.. text[own.Length..].ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)]
            : [];
    }

    /// <summary>The text colour of a state: Attention (red), Warning (amber), Good (green); no data is subtle.</summary>
    private static (string? Color, bool Subtle) Colour(SloState state) => state switch
    {
        SloState.Exhausted => ("Attention", false),
        SloState.Burning => ("Warning", false),
        SloState.Healthy => ("Good", false),
        _ => (null, true),
    };

    private static string StateWord(SloState state) => state == SloState.NoData ? "no data" : state.ToString().ToLowerInvariant();

    /// <summary>"1 exhausted · 2 burning · 5 healthy · 1 no data"; zero counts left out, except healthy.</summary>
    private static string Counts(SloStateCounts counts) => string.Join(" · ", counts.Parts().Select(p => p.Words));

    private static string Incidents(int count) => count switch
    {
        0 => "no open incidents",
        1 => "1 open incident",
        _ => $"{count} open incidents",
    };

    /// <summary>A card body measured as it grows: an element is added only while the card stays within <see cref="MaxCardBytes"/>.</summary>
    private sealed class FittingBody(int reserved)
    {
        private int _size = SizeOf(Card([])) + reserved;

        public JsonArray Items { get; } = [];

        /// <summary>Adds an element that must be there, whatever its size.</summary>
        public void Add(JsonObject element)
        {
            _size += SizeOf(element) + 1;
            Items.Add(element);
        }

        /// <summary>Adds an element whose room was kept aside at the start.</summary>
        public void AddReserved(JsonObject element) => Items.Add(element);

        /// <summary>Renders and adds <paramref name="items"/> in order until one does not fit; returns how many were left out.</summary>
        public int AddWhileFits<T>(IReadOnlyList<T> items, Func<T, int, JsonObject> render)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (!TryAdd(render(items[i], i)))
                {
                    return items.Count - i;
                }
            }
            return 0;
        }

        public bool TryAdd(JsonObject element)
        {
            var size = SizeOf(element) + 1;
            if (_size + size > MaxCardBytes)
            {
                return false;
            }
            _size += size;
            Items.Add(element);
            return true;
        }
    }
}
