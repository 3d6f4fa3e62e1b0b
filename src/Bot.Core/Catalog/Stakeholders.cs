namespace Bot.Core.Catalog;

/// <summary>A notification audience, cut by geography and product landscape (book ch. 8).</summary>
public sealed record StakeholderGroup(string Id, string Name, string? Geography, IReadOnlyList<string> Products, string? Description)
{
    /// <summary>Channels where the group hears about what concerns it (an error budget policy that names its ring).</summary>
    public IReadOnlyList<ChatDestination> Destinations { get; init; } = [];
}

/// <summary>A widening circle of audiences; ring 1 hears first, later rings only when the incident warrants it.</summary>
public sealed record StakeholderRing(int Number, string Name, IReadOnlyList<string> GroupIds);

/// <summary>
/// What an incident priority means for the response (book Table 9.2). The shipped default is the book's P1–P3.
/// </summary>
/// <param name="Level">1 for P1 … 5 for P5.</param>
/// <param name="StatusUpdateInterval">How often stakeholders hear an update while the incident lasts.</param>
/// <param name="Rings">The stakeholder rings notified at this priority.</param>
public sealed record PriorityDefinition(
    int Level,
    string Name,
    bool Hotfix,
    bool PostmortemRequired,
    bool ManagementNotified,
    bool StakeholdersNotified,
    TimeSpan? StatusUpdateInterval,
    IReadOnlyList<int> Rings);
