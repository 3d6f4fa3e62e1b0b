using Bot.Core.Commands;
using Bot.Core.Postmortems;
using Bot.Core.Scheduling;

namespace Bot.Host.Postmortems;

public static class ActionItemServices
{
    /// <summary>Postmortem action items, their review reminders, and the action item API. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.</summary>
    public static IHostApplicationBuilder AddActionItems(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<ActionItems>();
        services.AddSingleton<ICommandFamily, ActionItemCommandFamily>();
        services.AddSingleton<ITeamStatusSection, ActionItemStatusSection>();
        services.AddSingleton<IActionItemReviewLog, ActionItemReviewLog>();
        services.AddSingleton<ITimerHandler, ActionItemReviewTimerHandler>();
        services.AddSingleton<ITimerSource, ActionItemReviewTimerSource>();
        return builder;
    }
}

/// <summary>Each review timer's outcome as one log entry: whom it reminded, or why it did nothing.</summary>
internal sealed class ActionItemReviewLog(ILogger<ActionItems> logger) : IActionItemReviewLog
{
    public void Write(TimerKey timer, string outcome) =>
        logger.LogInformation("Action item review timer {TimerKey}: {ReviewOutcome}", timer, outcome);
}
