namespace Bot.Core.Catalog;

/// <summary>The chat platforms the bot speaks. <see cref="Console"/> is the local channel kept in the database.</summary>
public enum ChatPlatform
{
    Console,
    Slack,
    MsTeams,
}

/// <summary>
/// A place to post: a Slack channel id, a Microsoft Teams channel (team id + channel id, in a tenant),
/// or a local console channel name.
/// </summary>
/// <param name="Channel">Slack channel id (<c>C0123ABCD</c>), Teams channel id (<c>19:…@thread.tacv2</c>) or console channel name.</param>
/// <param name="MsTeamsTeamId">For Teams: the team's id (the General channel's conversation id).</param>
/// <param name="MsTeamsTenantId">For Teams: the tenant the team lives in.</param>
public sealed record ChatDestination(ChatPlatform Platform, string Channel, string? MsTeamsTeamId = null, string? MsTeamsTenantId = null)
{
    /// <summary>A stable key for storage and logs, e.g. <c>slack:C0123ABCD</c>.</summary>
    public string Key => Platform switch
    {
        ChatPlatform.Slack => $"slack:{Channel}",
        ChatPlatform.MsTeams => $"msteams:{Channel}",
        _ => $"console:{Channel}",
    };

    /// <summary>What a direct destination's <see cref="Channel"/> starts with, before the person's platform user id.</summary>
    public const string DirectPrefix = "dm:";

    /// <summary>
    /// A direct message to one person: their Slack user id (<c>U…</c>), Teams user id (<c>29:…</c> or Entra object id),
    /// or, on the console, their member id. Keys read <c>slack:dm:U0123</c>, <c>msteams:dm:29:…</c>, <c>console:dm:ana</c>.
    /// </summary>
    public static ChatDestination Direct(ChatPlatform platform, string userId, string? msTeamsTenantId = null) =>
        new(platform, DirectPrefix + userId, MsTeamsTenantId: msTeamsTenantId);

    /// <summary>True for a direct message to one person (<see cref="Direct"/>).</summary>
    public bool IsDirect => Channel.StartsWith(DirectPrefix, StringComparison.Ordinal);

    /// <summary>The person's platform user id for a direct destination; null for a channel.</summary>
    public string? DirectUserId => IsDirect ? Channel[DirectPrefix.Length..] : null;

    public override string ToString() => Key;
}
