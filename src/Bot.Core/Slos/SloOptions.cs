namespace Bot.Core.Slos;

/// <summary>How SLO status is read and error budget policies evaluated. Bound from the <c>Slo</c> configuration section.</summary>
public sealed class SloOptions
{
    /// <summary>How long an SLO's reading is reused before its source is asked again (pushed counts refresh at once).</summary>
    public TimeSpan ReadingCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often every SLO is read and the error budget policies evaluated (the <c>slo-evaluation</c> timer).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The burn rate assumed while an SLO is in breach, for the estimate from breaches when an alert reported none: the workbook's fast-burn page threshold.</summary>
    public double AssumedBreachBurnRate { get; set; } = 14.4;

    /// <summary>How many SLOs are read from their sources at once.</summary>
    public int ReadParallelism { get; set; } = 8;
}
