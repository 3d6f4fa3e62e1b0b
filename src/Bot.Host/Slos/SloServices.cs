using System.Globalization;
using Bot.Core.Scheduling;
using Bot.Core.Slos;
using Bot.Host.Incidents;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Slos;

public static class SloServices
{
    /// <summary>
    /// SLO status and error budgets: SLI readings (pushed counts, breach estimates; Prometheus when
    /// <c>Prometheus:BaseUrl</c> is set, through <c>AddPrometheus()</c>), the status board, the push token
    /// (<c>Sli:Token</c>), the error budget policies evaluated by the <c>slo-evaluation</c> timer, and the <c>Slo</c>
    /// options, validated at start-up. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSlos(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IncidentsExtensions.AddValidatedOptions<SloOptions>(builder, "Slo", (section, options) => section.Bind(options), Problems);
        IncidentsExtensions.AddValidatedOptions<SliPushOptions>(builder, SliPushOptions.SectionName, (section, options) => section.Bind(options), SliPushOptions.Problems);
        var services = builder.Services;
        services.TryAddSingleton<PushedSliReader>();
        services.TryAddSingleton<BreachEstimateReader>();
        services.TryAddSingleton(provider => new SliReadings(
            provider.GetRequiredService<PushedSliReader>(),
            provider.GetRequiredService<BreachEstimateReader>(),
            provider.GetRequiredService<SloOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IPrometheusSliReader>()));
        services.TryAddSingleton<SloStatusBoard>();
        services.TryAddSingleton<IBudgetPolicyLog, BudgetPolicyLog>();
        services.TryAddSingleton<BudgetPolicies>();
        services.AddSingleton<ITimerSource, SloEvaluationTimerSource>();
        services.AddSingleton<ITimerHandler, SloEvaluationTimerHandler>();
        return builder;
    }

    private static IEnumerable<string> Problems(SloOptions options)
    {
        if (options.ReadingCacheTtl < TimeSpan.Zero || options.ReadingCacheTtl > TimeSpan.FromHours(1))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Slo:ReadingCacheTtl must be between 0 and 1 hour (e.g. 00:01:00), got {options.ReadingCacheTtl}.");
        }
        if (options.EvaluationInterval < TimeSpan.FromMinutes(1) || options.EvaluationInterval > TimeSpan.FromDays(1))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Slo:EvaluationInterval must be between 1 minute and 1 day (e.g. 00:05:00), got {options.EvaluationInterval}.");
        }
        if (options.AssumedBreachBurnRate is not (> 0 and <= 1000000))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Slo:AssumedBreachBurnRate must be a burn rate above 0 (e.g. 14.4), got {options.AssumedBreachBurnRate}.");
        }
        if (options.ReadParallelism is < 1 or > 64)
        {
            yield return $"Slo:ReadParallelism must be between 1 and 64, got {options.ReadParallelism}.";
        }
    }
}
