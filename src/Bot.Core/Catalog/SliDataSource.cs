namespace Bot.Core.Catalog;

/// <summary>
/// Where an SLO's SLI data comes from, as its catalog entry declares it (<c>source:</c>). An SLO that declares none
/// reads the counts pushed to the bot (<c>POST /api/sli/{slo}</c>) and, while nothing was pushed in its window,
/// estimates from its breaches.
/// </summary>
public abstract record SliDataSource
{
    private SliDataSource()
    {
    }

    /// <summary>Prometheus, with queries for the bad (or good) events and all events; <c>{{.window}}</c> stands for the range, e.g. <c>1h</c>.</summary>
    /// <param name="BadQuery">The rate of bad events (Sloth's <c>error_query</c>); null when <paramref name="GoodQuery"/> is given.</param>
    /// <param name="GoodQuery">The rate of good events (OpenSLO's <c>good</c>); null when <paramref name="BadQuery"/> is given.</param>
    public sealed record PrometheusQueries(string? BadQuery, string? GoodQuery, string TotalQuery) : SliDataSource;

    /// <summary>Prometheus, reading the recording rules Sloth generates for the SLO (<c>slo:sli_error:ratio_rate*{sloth_id=…}</c>).</summary>
    public sealed record SlothRules(string SlothId) : SliDataSource;

    /// <summary>Prometheus, reading the generic recording rules Pyrra generates (<c>pyrra_errors:rate5m{slo=…}</c>, <c>pyrra_requests:rate5m</c>).</summary>
    public sealed record PyrraRules(string SloName) : SliDataSource;

    /// <summary>Only counts pushed to <c>POST /api/sli/{slo}</c>; no estimate from breaches.</summary>
    public sealed record Pushed : SliDataSource
    {
        public static Pushed Instance { get; } = new();
    }

    /// <summary>Whether the data is read from Prometheus.</summary>
    public bool IsPrometheus => this is PrometheusQueries or SlothRules or PyrraRules;
}
