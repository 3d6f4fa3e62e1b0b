namespace Bot.Prometheus.Tests.Support;

/// <summary>A fact that needs a real Prometheus: skipped, with the reason shown, where it is not installed, except on CI (<c>CI=true</c>), where it runs and fails.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        Skip = PrometheusBinaries.SkipReason;
    }
}
