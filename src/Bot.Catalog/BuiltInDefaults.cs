using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>What applies when the catalog declares no <c>defaults.slos</c> or <c>defaults.priorities</c>.</summary>
internal static class BuiltInDefaults
{
    /// <summary>The book's default SLOs for a user-facing service (§6.7, Table 6.4), over the default 28-day window.</summary>
    public static IReadOnlyList<SloTemplate> Slos { get; } =
    [
        new("availability", SliKind.Availability, 0.90, SloWindow.Rolling28Days, null, null, "Default SLO: 90% of requests succeed."),
        new("latency", SliKind.Latency, 0.80, SloWindow.Rolling28Days, TimeSpan.FromMilliseconds(1000), null, "Default SLO: 80% of requests take at most 1000 ms."),
    ];

    /// <summary>
    /// The book's sample priorities (Table 9.2). P3's update interval follows the prose (8 h), not the table (6 h).
    /// They name no rings: which rings hear about an incident is the organisation's choice, made in the catalog.
    /// </summary>
    public static IReadOnlyList<PriorityDefinition> Priorities { get; } =
    [
        new(1, "P1", Hotfix: true, PostmortemRequired: true, ManagementNotified: true, StakeholdersNotified: true, TimeSpan.FromHours(2), []),
        new(2, "P2", Hotfix: false, PostmortemRequired: false, ManagementNotified: true, StakeholdersNotified: true, TimeSpan.FromHours(4), []),
        new(3, "P3", Hotfix: false, PostmortemRequired: false, ManagementNotified: false, StakeholdersNotified: true, TimeSpan.FromHours(8), []),
    ];
}
