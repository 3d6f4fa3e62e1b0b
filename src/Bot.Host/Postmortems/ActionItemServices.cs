namespace Bot.Host.Postmortems;

public static class ActionItemServices
{
    /// <summary>Postmortem action items, their review reminders, and the action item API. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.</summary>
    public static IHostApplicationBuilder AddActionItems(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
