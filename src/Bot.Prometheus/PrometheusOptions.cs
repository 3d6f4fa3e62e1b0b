namespace Bot.Prometheus;

/// <summary>
/// The <c>Prometheus</c> configuration section. SLOs whose catalog entry reads Prometheus (their own queries, or Sloth's
/// or Pyrra's recording rules) are read from <see cref="BaseUrl"/>; without it the Prometheus reader is off and such
/// SLOs show "no data" saying so.
/// </summary>
public sealed class PrometheusOptions
{
    public const string SectionName = "Prometheus";

    /// <summary>Where Prometheus (or a compatible API: Thanos Query, Mimir, VictoriaMetrics) answers, e.g. <c>http://prometheus:9090/</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How long one query may take, answer included, before the SLO shows "no data: … did not answer within 5 s".</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent as <c>Authorization: Bearer …</c>, for a Prometheus behind an authenticating proxy.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Timeouts above this would overflow a cancellation timer; nobody waits that long for a status anyway.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary><see cref="BaseUrl"/> as an absolute URI ending in a slash (so <c>api/v1/query</c> resolves under a path prefix), or null when it is not one.</summary>
    internal Uri? BaseUri =>
        Uri.TryCreate(BaseUrl?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/")
            : null;
}
