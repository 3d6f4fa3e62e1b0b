namespace Bot.MsTeams.Fake;

/// <summary>A person in the fake tenant, as Teams names them to a bot.</summary>
/// <param name="Id">The per-bot user id, <c>29:…</c>.</param>
/// <param name="AadObjectId">The Entra object id (a GUID), the same for every bot.</param>
/// <param name="TenantId">Null for the fake's own tenant (<see cref="FakeTeamsOptions.TenantId"/>).</param>
public sealed record TeamsUser(string Id, string Name, string AadObjectId, string? Email = null, string? TenantId = null);

/// <summary>A team channel as the fake keeps it.</summary>
/// <param name="TeamId">The team's id, which is also its General channel's id (<c>19:…@thread.tacv2</c>).</param>
/// <param name="Installed">Whether the app is installed in the team (and not blocked): if not, writes answer 403 <c>MessageWritesBlocked</c>.</param>
public sealed record TeamsChannel(string TeamId, string ChannelId, string TenantId, string? Name, bool Installed)
{
    public bool IsGeneral => TeamId == ChannelId;
}

/// <summary>A key of the fake Bot Framework JWKS.</summary>
/// <param name="Current">True for the key the driver signs with unless told otherwise.</param>
public sealed record TeamsSigningKey(string KeyId, IReadOnlyList<string> Endorsements, bool Current);

/// <summary>One request the fake received, whatever it answered.</summary>
/// <param name="Path">The path as routed, percent-decoded (but <c>%2F</c>).</param>
/// <param name="RawTarget">The request target exactly as sent, to check what the bot escaped.</param>
/// <param name="ConversationId">The decoded <c>{conversationId}</c> (or team id) of a Connector call.</param>
/// <param name="Error">The error code answered (<c>ConversationNotFound</c>, <c>invalid_client</c>, …), or why a token was refused.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> answered with a 429.</param>
/// <param name="Injected">True when <see cref="FakeTeams.FailNext"/> decided the answer.</param>
public sealed record TeamsRequest(
    TeamsOperation Operation,
    string HttpMethod,
    string Path,
    string RawTarget,
    string? ConversationId,
    string? ActivityId,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status,
    string? Error,
    TimeSpan? RetryAfter,
    bool Injected,
    DateTimeOffset At);
