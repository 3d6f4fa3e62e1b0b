namespace Bot.Core.Catalog;

/// <summary>
/// An engineering team that owns services: its people, where its #slo-breaches messages go on each
/// platform, and who administers it. Its parent is an org unit (usually a domain).
/// </summary>
public sealed record Team(
    string Id,
    string Name,
    string ParentId,
    IReadOnlyList<Member> Members,
    IReadOnlyList<ChatDestination> Destinations,
    IReadOnlyList<string> AdminMemberIds)
{
    /// <summary>The team's own role rotations (<c>incidentRoles:</c>), which take precedence over the catalog's defaults.</summary>
    public RoleRotations IncidentRoles { get; init; } = RoleRotations.None;

    public Member? FindMember(string memberId) => Members.FirstOrDefault(m => m.Id == memberId);

    public bool IsAdmin(string memberId) => AdminMemberIds.Contains(memberId, StringComparer.Ordinal);
}

/// <summary>A person in a team, with the ids that identify them on each chat platform.</summary>
/// <param name="TimeZone">An IANA time zone id, e.g. <c>Europe/Berlin</c>.</param>
public sealed record Member(
    string Id,
    string DisplayName,
    string? Email,
    string? SlackUserId,
    string? MsTeamsUserId,
    string TimeZone)
{
    public string? UserIdOn(ChatPlatform platform) => platform switch
    {
        ChatPlatform.Slack => SlackUserId,
        ChatPlatform.MsTeams => MsTeamsUserId,
        ChatPlatform.Console => Id,
        _ => null,
    };
}
