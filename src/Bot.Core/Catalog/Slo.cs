namespace Bot.Core.Catalog;

/// <summary>
/// A service level objective: the share of good events (<see cref="Target"/>, in (0, 1)) an SLI must reach
/// over a window. Its breaches inherit its <see cref="Priority"/>.
/// </summary>
/// <param name="Id">Unique across the catalog; by convention <c>&lt;service&gt;-&lt;name&gt;</c>, Sloth's <c>sloth_id</c>.</param>
/// <param name="Name">The SLO's name within its service, Sloth's <c>sloth_slo</c> (e.g. <c>requests-availability</c>).</param>
/// <param name="LatencyThreshold">For latency SLIs: a request is good when it takes at most this long.</param>
/// <param name="Priority">P1…P5 as 1…5, or null when the SLO has none (its incidents come last).</param>
/// <param name="Matchers">Label matchers that tie incoming alerts to this SLO; all must match.</param>
/// <param name="IsDefault">Generated from the catalog's default SLOs because the service declares none.</param>
public sealed record Slo(
    string Id,
    string Name,
    string ServiceId,
    SliKind Sli,
    double Target,
    SloWindow Window,
    TimeSpan? LatencyThreshold,
    int? Priority,
    string? Description,
    IReadOnlyList<LabelMatcher> Matchers,
    bool IsDefault)
{
    /// <summary>The error budget as a ratio of events: 1 − target.</summary>
    public double ErrorBudget => 1 - Target;

    /// <summary>Where its SLI data comes from; null: pushed counts, else an estimate from its breaches.</summary>
    public SliDataSource? Source { get; init; }
}

/// <summary>What an SLI measures.</summary>
public enum SliKind
{
    Availability,
    Latency,
    Custom,
}

/// <summary>The compliance period of an SLO: a rolling window of days, or calendar weeks starting on Monday.</summary>
public sealed record SloWindow(SloWindowKind Kind, int Days)
{
    /// <summary>The book's default: 28 days, rolling.</summary>
    public static SloWindow Rolling28Days { get; } = new(SloWindowKind.Rolling, 28);

    /// <summary>Four calendar weeks, Monday 00:00 UTC aligned.</summary>
    public static SloWindow FourCalendarWeeks { get; } = new(SloWindowKind.CalendarWeeks, 28);

    public TimeSpan Length => TimeSpan.FromDays(Days);

    /// <summary>
    /// The budget period that <paramref name="at"/> falls in: for a rolling window the last <see cref="Length"/> up to
    /// <paramref name="at"/>; for calendar weeks the block of <see cref="Days"/> days, starting on a Monday 00:00 UTC
    /// (blocks counted from Monday 1970-01-05), that contains it.
    /// </summary>
    public SloPeriod PeriodAt(DateTimeOffset at)
    {
        if (Kind == SloWindowKind.Rolling)
        {
            return new SloPeriod(at - Length, at, IsCalendar: false);
        }
        var sinceFirstMonday = at.UtcDateTime - FirstMonday;
        var blocks = Math.Floor(sinceFirstMonday.Ticks / (double)Length.Ticks);
        var start = new DateTimeOffset(FirstMonday.AddTicks((long)blocks * Length.Ticks), TimeSpan.Zero);
        return new SloPeriod(start, start + Length, IsCalendar: true);
    }

    private static readonly DateTime FirstMonday = new(1970, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public override string ToString() => Kind == SloWindowKind.Rolling ? $"{Days}d rolling" : $"{Days / 7} calendar weeks";
}

/// <summary>A budget period: <see cref="Start"/> to <see cref="End"/>; a rolling period ends now, a calendar one at its block's end.</summary>
public sealed record SloPeriod(DateTimeOffset Start, DateTimeOffset End, bool IsCalendar)
{
    public TimeSpan Length => End - Start;
}

public enum SloWindowKind
{
    Rolling,
    CalendarWeeks,
}

/// <summary>A Prometheus-style label matcher: <c>name="value"</c>, <c>!=</c>, <c>=~</c> (anchored regex), <c>!~</c>.</summary>
public sealed record LabelMatcher(string Name, MatchOperator Operator, string Value)
{
    private readonly System.Text.RegularExpressions.Regex? _regex =
        Operator is MatchOperator.Regex or MatchOperator.NotRegex
            ? new System.Text.RegularExpressions.Regex($"^(?:{Value})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : null;

    /// <summary>Whether the label set satisfies this matcher; a missing label counts as the empty string, as in Prometheus.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var actual = labels.TryGetValue(Name, out var v) ? v : string.Empty;
        return Operator switch
        {
            MatchOperator.Equal => actual == Value,
            MatchOperator.NotEqual => actual != Value,
            MatchOperator.Regex => _regex!.IsMatch(actual),
            MatchOperator.NotRegex => !_regex!.IsMatch(actual),
            _ => false,
        };
    }

    // The compiled regex is derived from Operator and Value; equality is by those alone.
    public bool Equals(LabelMatcher? other) =>
        other is not null && Name == other.Name && Operator == other.Operator && Value == other.Value;

    public override int GetHashCode() => HashCode.Combine(Name, Operator, Value);

    public override string ToString() => Operator switch
    {
        MatchOperator.Equal => $"{Name}=\"{Value}\"",
        MatchOperator.NotEqual => $"{Name}!=\"{Value}\"",
        MatchOperator.Regex => $"{Name}=~\"{Value}\"",
        _ => $"{Name}!~\"{Value}\"",
    };
}

public enum MatchOperator
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
