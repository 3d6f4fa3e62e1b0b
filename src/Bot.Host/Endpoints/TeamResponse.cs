using Bot.Core.Catalog;

namespace Bot.Host.Endpoints;

/// <summary>A team as <c>GET /api/catalog/teams</c> shows it.</summary>
/// <param name="Parent">The org unit the team belongs to.</param>
/// <param name="Admins">Member ids of the team's admins.</param>
internal sealed record TeamResponse(
    string Id,
    string Name,
    string Parent,
    IReadOnlyList<MemberResponse> Members,
    IReadOnlyList<DestinationResponse> Destinations,
    IReadOnlyList<string> Admins)
{
    public static TeamResponse From(Team team) => new(
        team.Id,
        team.Name,
        team.ParentId,
        [.. team.Members.Select(MemberResponse.From)],
        [.. team.Destinations.Select(DestinationResponse.From)],
        team.AdminMemberIds);
}

internal sealed record MemberResponse(string Id, string DisplayName, string? Email, string TimeZone, ChatIdsResponse ChatIds)
{
    public static MemberResponse From(Member member) =>
        new(member.Id, member.DisplayName, member.Email, member.TimeZone, new ChatIdsResponse(member.SlackUserId, member.MsTeamsUserId));
}

/// <summary>The member's user id on each chat platform they are known on.</summary>
internal sealed record ChatIdsResponse(string? Slack, string? MsTeams);

/// <param name="Key">The destination's stable key, e.g. <c>slack:C0123ABCD</c>.</param>
internal sealed record DestinationResponse(ChatPlatform Platform, string Channel, string? MsTeamsTeamId, string? MsTeamsTenantId, string Key)
{
    public static DestinationResponse From(ChatDestination destination) =>
        new(destination.Platform, destination.Channel, destination.MsTeamsTeamId, destination.MsTeamsTenantId, destination.Key);
}
