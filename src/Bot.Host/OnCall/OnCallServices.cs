using System.Globalization;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Scheduling;
using Bot.Host.Incidents;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.OnCall;

public static class OnCallServices
{
    /// <summary>
    /// Handoff prompts (one <c>handoff</c> timer per rotation, its reminder) and cover requests, their buttons, and the
    /// <c>OnCall</c> options (validated at start-up). Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOnCall(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IncidentsExtensions.AddValidatedOptions<OnCallOptions>(builder, "OnCall", (section, options) =>
            options.HandoffReminderAfter = section.GetValue("HandoffReminderAfter", options.HandoffReminderAfter), Problems);
        var services = builder.Services;
        services.TryAddSingleton<HandoffPrompts>();
        services.TryAddSingleton<CoverRequests>();
        services.AddSingleton<INoticeAction>(provider => provider.GetRequiredService<HandoffPrompts>());
        services.AddSingleton<INoticeAction>(provider => provider.GetRequiredService<CoverRequests>());
        services.AddSingleton<ITimerSource, HandoffTimerSource>();
        services.AddSingleton<ITimerHandler, HandoffTimerHandler>();
        services.AddSingleton<ITimerHandler, HandoffReminderHandler>();
        return builder;
    }

    private static IEnumerable<string> Problems(OnCallOptions options)
    {
        if (options.HandoffReminderAfter <= TimeSpan.Zero || options.HandoffReminderAfter > TimeSpan.FromDays(7))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"OnCall:HandoffReminderAfter must be more than 0 and at most 7 days (e.g. 01:00:00 for an hour), got {options.HandoffReminderAfter}.");
        }
    }
}
