using Bot.Core.OnCall;
using Bot.Core.Scheduling;
using Bot.Host.Alerts;

namespace Bot.Host.OnCall;

/// <summary>Escalation per rotation (docs/oncall.md#escalation) as services of the host.</summary>
internal static class EscalationServices
{
    /// <summary>The switch: <c>false</c> turns paging off for the whole bot (incidents are still posted to the team channels).</summary>
    public const string EnabledKey = "OnCall:EscalationEnabled";

    /// <summary>
    /// The escalation use case, its step timers' handler and recovery source (run by <c>AddScheduling()</c>'s Quartz),
    /// the start of new incidents' chains once the alert webhook has answered, and a structured log of every step.
    /// With <see cref="EnabledKey"/> false only the (idle) start queue is there: no chain starts, and a step timer
    /// left from before has no handler (it is logged and dropped when it fires).
    /// </summary>
    public static IHostApplicationBuilder AddEscalation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var enabled = builder.Configuration.GetValue(EnabledKey, defaultValue: true);
        var services = builder.Services;
        services.AddSingleton<IEscalationLog, EscalationLog>();
        services.AddSingleton<Escalations>();
        services.AddSingleton(provider => new EscalationStarts(
            enabled ? provider.GetRequiredService<Escalations>() : null, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<EscalationStarts>>()));
        services.AddHostedService(provider => provider.GetRequiredService<EscalationStarts>());
        if (enabled)
        {
            services.AddSingleton<ITimerHandler, EscalationTimerHandler>();
            services.AddSingleton<ITimerSource, EscalationTimerSource>();
        }
        return builder;
    }
}

/// <summary>Each escalation outcome as one log entry: incident, step, who or where was paged, or why nothing was done.</summary>
internal sealed class EscalationLog(ILogger<Escalations> logger) : IEscalationLog
{
    public void Write(EscalationOutcome outcome)
    {
        switch (outcome.Result)
        {
            case EscalationResult.Paged:
                logger.LogInformation(
                    "Incident {IncidentId} escalation step {EscalationStep}: paged {PagedMembers} via {Destinations}; next step due {NextDueAt:O}. {Detail}",
                    outcome.IncidentId, outcome.Step, outcome.Paged, outcome.Destinations, outcome.DueAt, outcome.Detail);
                break;
            case EscalationResult.PagedNobody:
                logger.LogWarning(
                    "Incident {IncidentId} escalation step {EscalationStep} paged nobody; next step due {NextDueAt:O}. {Detail}",
                    outcome.IncidentId, outcome.Step, outcome.DueAt, outcome.Detail);
                break;
            case EscalationResult.Skipped:
                logger.LogInformation(
                    "Incident {IncidentId} escalation step {EscalationStep} skipped: {SkipReason}",
                    outcome.IncidentId, outcome.Step, outcome.Detail);
                break;
            case EscalationResult.Scheduled:
                logger.LogDebug(
                    "Incident {IncidentId} escalation step {EscalationStep} due {DueAt:O}: {Detail}",
                    outcome.IncidentId, outcome.Step, outcome.DueAt, outcome.Detail);
                break;
            default:
                logger.LogInformation(
                    "Incident {IncidentId} escalation step {EscalationStep} due {DueAt:O} cancelled: {Detail}",
                    outcome.IncidentId, outcome.Step, outcome.DueAt, outcome.Detail);
                break;
        }
    }
}
