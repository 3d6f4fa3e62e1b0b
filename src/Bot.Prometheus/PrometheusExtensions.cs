using Bot.Core.Slos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bot.Prometheus;

/// <summary>Reading SLIs from Prometheus: on when <c>Prometheus:BaseUrl</c> is set, off otherwise.</summary>
public static class PrometheusExtensions
{
    /// <summary>
    /// With <c>Prometheus:BaseUrl</c> set, registers <see cref="IPrometheusSliReader"/> over a named HTTP client, and
    /// stops the host at start, naming the key, when <c>BaseUrl</c> is not an absolute http(s) URL or <c>Timeout</c> is
    /// not a positive duration. Without it, registers nothing: SLOs that read Prometheus show "no data" saying so.
    /// </summary>
    public static IHostApplicationBuilder AddPrometheus(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetSection(PrometheusOptions.SectionName).Get<PrometheusOptions>() ?? new PrometheusOptions();
        if (!configured.IsConfigured)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<PrometheusOptions>()
            .BindConfiguration(PrometheusOptions.SectionName)
            .Validate(o => o.BaseUri is not null, "Prometheus:BaseUrl must be an absolute http(s) URL, e.g. http://prometheus:9090/.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= PrometheusOptions.MaxTimeout, "Prometheus:Timeout must be more than zero and at most 00:10:00, e.g. 00:00:05.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PrometheusSliReader.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IPrometheusSliReader, PrometheusSliReader>();
        return builder;
    }
}
