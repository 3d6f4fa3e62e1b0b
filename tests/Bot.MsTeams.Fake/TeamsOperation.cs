namespace Bot.MsTeams.Fake;

/// <summary>What a request to the fake asked for: the unit of its request log and of <see cref="FakeTeams.FailNext"/>.</summary>
public enum TeamsOperation
{
    /// <summary><c>POST /{tenant}/oauth2/v2.0/token</c> (Entra).</summary>
    Token,

    /// <summary><c>GET /v1/.well-known/openidconfiguration</c> (either spelling).</summary>
    OpenIdMetadata,

    /// <summary><c>GET /v1/.well-known/keys</c>.</summary>
    Keys,

    /// <summary><c>POST v3/conversations</c>.</summary>
    CreateConversation,

    /// <summary><c>POST v3/conversations/{id}/activities</c>.</summary>
    SendToConversation,

    /// <summary><c>POST v3/conversations/{id}/activities/{activityId}</c>.</summary>
    ReplyToActivity,

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>.</summary>
    UpdateActivity,

    /// <summary><c>DELETE v3/conversations/{id}/activities/{activityId}</c>.</summary>
    DeleteActivity,

    /// <summary><c>GET v3/conversations/{id}/members/{userId}</c>.</summary>
    GetMember,

    /// <summary><c>GET v3/teams/{teamId}/conversations</c>.</summary>
    GetTeamChannels,

    /// <summary>Any path the fake does not serve (answered 404).</summary>
    Unknown,
}
