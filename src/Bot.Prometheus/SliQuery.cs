using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.Slos;

namespace Bot.Prometheus;

/// <summary>
/// The one PromQL query that reads an SLO's error ratios over every burn window (<see cref="BurnWindows.Lengths"/>:
/// 5m, 1h, 6h, 1d, 7d) and over its budget period so far, in a single HTTP call: each window's ratio is labelled
/// <c>slobot_window="5m"</c> … <c>"period"</c> with <c>label_replace</c> and the six are joined with <c>or</c> (the
/// distinct label keeps <c>or</c> from dropping any). Per source:
/// <list type="bullet">
/// <item><see cref="SliDataSource.PrometheusQueries"/>: <c>(bad) / (total)</c>, or <c>1 - ((good) / (total))</c>, with
/// Sloth's <c>{{.window}}</c> placeholder replaced by the range — the expression Sloth records as
/// <c>slo:sli_error:ratio_rate&lt;window&gt;</c>. Like Sloth's, the queries must aggregate to one series each
/// (<c>sum(rate(…))</c>).</item>
/// <item><see cref="SliDataSource.SlothRules"/>: Sloth's own <c>slo:sli_error:ratio_rate5m|1h|6h|1d{sloth_id=…}</c>
/// for the windows it records. Sloth records no 7-day ratio, and its period ratio (<c>ratio_rate30d</c>, or 28d) is
/// right only when the period is Sloth's; but Sloth computes that period ratio as the mean of the 5-minute ratios over
/// the period (<c>sum_over_time(ratio_rate5m[30d]) / count_over_time(ratio_rate5m[30d])</c>), so 7d and the period are
/// <c>avg_over_time(slo:sli_error:ratio_rate5m{sloth_id=…}[range])</c>: Sloth's own figure for Sloth's period, and the
/// same method over any other (a calendar period included). Like Sloth's, it weights 5-minute slices equally, not
/// requests (alert-formats-slo.md §4.2).</item>
/// <item><see cref="SliDataSource.PyrraRules"/>: Pyrra's generic rules, averaged over the range and divided:
/// <c>sum(avg_over_time(pyrra_errors:rate5m{slo=…}[range])) / sum(avg_over_time(pyrra_requests:rate5m{slo=…}[range]))</c>.</item>
/// </list>
/// The period's range is the rolling window (<c>28d</c>), or for a calendar period the whole seconds since it began
/// (<c>788400s</c>).
/// </summary>
/// <param name="Text">The PromQL sent as <c>query=</c>.</param>
/// <param name="Subject">What the period's ratio is computed from, for "Prometheus has no samples for … over the period".</param>
internal sealed partial record SliQuery(string Text, string Subject)
{
    /// <summary>The label that says which window a series of the answer is the ratio over.</summary>
    public const string WindowLabel = "slobot_window";

    /// <summary>The <see cref="WindowLabel"/> value of the period's ratio.</summary>
    public const string PeriodKey = "period";

    /// <summary>The <see cref="WindowLabel"/> values (Prometheus ranges) of <see cref="BurnWindows.Lengths"/>, in order.</summary>
    public static IReadOnlyList<string> WindowKeys { get; } = [.. BurnWindows.Lengths.Select(Range)];

    /// <summary>The windows Sloth records a ratio for (<c>slo:sli_error:ratio_rate&lt;w&gt;</c>) that the bot reads as they are.</summary>
    private static readonly HashSet<string> SlothRecorded = ["5m", "1h", "6h", "1d"];

    [GeneratedRegex(@"\{\{\s*\.window\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex WindowPlaceholder();

    /// <summary>Builds the query, or says why the SLO's source cannot be read from Prometheus.</summary>
    public static bool TryCreate(
        Slo slo, SloPeriod period, DateTimeOffset now, [NotNullWhen(true)] out SliQuery? query, [NotNullWhen(false)] out string? problem)
    {
        var periodRange = PeriodRangeOf(period, now);
        query = null;
        problem = null;
        switch (slo.Source)
        {
            case SliDataSource.PrometheusQueries queries:
                var (numerator, complement) = queries switch
                {
                    { BadQuery: { } bad } when !string.IsNullOrWhiteSpace(bad) => (bad, false),
                    { GoodQuery: { } good } when !string.IsNullOrWhiteSpace(good) => (good, true),
                    _ => (null, false),
                };
                if (numerator is null)
                {
                    problem = "the SLO's Prometheus source has neither a bad nor a good query";
                    return false;
                }
                // A query without the placeholder reads the same range for every window: the same ratio everywhere, a wrong number.
                var missing = new[] { numerator, queries.TotalQuery }.FirstOrDefault(q => !WindowPlaceholder().IsMatch(q));
                if (missing is not null)
                {
                    problem = $"the SLO's Prometheus query '{missing}' has no {{{{.window}}}} placeholder for the range, so every window would read the same";
                    return false;
                }
                query = new SliQuery(
                    Join(periodRange, range => complement
                        ? $"1 - (({At(numerator, range)}) / ({At(queries.TotalQuery, range)}))"
                        : $"({At(numerator, range)}) / ({At(queries.TotalQuery, range)})"),
                    $"'{queries.TotalQuery}'");
                return true;
            case SliDataSource.SlothRules sloth:
                var selector = $"{{sloth_id={Quote(sloth.SlothId)}}}";
                query = new SliQuery(
                    Join(
                        periodRange,
                        range => SlothRecorded.Contains(range)
                            ? $"slo:sli_error:ratio_rate{range}{selector}"
                            : $"avg_over_time(slo:sli_error:ratio_rate5m{selector}[{range}])",
                        range => $"avg_over_time(slo:sli_error:ratio_rate5m{selector}[{range}])"),
                    $"slo:sli_error:ratio_rate5m{selector}");
                return true;
            case SliDataSource.PyrraRules pyrra:
                var pyrraSelector = $"{{slo={Quote(pyrra.SloName)}}}";
                query = new SliQuery(
                    Join(periodRange, range =>
                        $"sum(avg_over_time(pyrra_errors:rate5m{pyrraSelector}[{range}])) / sum(avg_over_time(pyrra_requests:rate5m{pyrraSelector}[{range}]))"),
                    $"pyrra_errors:rate5m and pyrra_requests:rate5m{pyrraSelector}");
                return true;
            default:
                problem = "the SLO does not read Prometheus";
                return false;
        }
    }

    /// <summary>
    /// The range of the period so far: a rolling period's length (<c>28d</c>); for a calendar period, the whole seconds
    /// from its start to <paramref name="now"/> (at least 1 s: PromQL has no empty range).
    /// </summary>
    public static string PeriodRangeOf(SloPeriod period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.IsCalendar
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1L, (long)Math.Floor((now - period.Start).TotalSeconds))}s")
            : Range(period.Length);
    }

    /// <summary>A PromQL duration: the largest whole unit of d, h, m or s (<c>7d</c>, <c>6h</c>, <c>5m</c>, <c>90s</c>).</summary>
    public static string Range(TimeSpan length)
    {
        var seconds = Math.Max(1L, (long)Math.Floor(length.TotalSeconds));
        return seconds switch
        {
            _ when seconds % 86_400 == 0 => Invariant($"{seconds / 86_400}d"),
            _ when seconds % 3_600 == 0 => Invariant($"{seconds / 3_600}h"),
            _ when seconds % 60 == 0 => Invariant($"{seconds / 60}m"),
            _ => Invariant($"{seconds}s"),
        };
    }

    /// <summary>A PromQL string literal: double-quoted, with backslashes, quotes and line breaks escaped.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";

    private static string At(string template, string range) => WindowPlaceholder().Replace(template, range);

    private static string Join(string periodRange, Func<string, string> ratioOver, Func<string, string>? periodRatioOver = null) =>
        string.Join(" or ", WindowKeys.Select(range => Labelled(ratioOver(range), range))
            .Append(Labelled((periodRatioOver ?? ratioOver)(periodRange), PeriodKey)));

    private static string Labelled(string expression, string key) => $"label_replace({expression}, \"{WindowLabel}\", \"{key}\", \"\", \"\")";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
