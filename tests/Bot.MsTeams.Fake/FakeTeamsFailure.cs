namespace Bot.MsTeams.Fake;

/// <summary>
/// An answer the fake gives instead of doing the work (see <see cref="FakeTeams.FailNext"/>). Connector operations
/// answer <c>{"error":{"code","message"}}</c> with the codes of msteams-docs "Status codes from bot conversational
/// APIs"; the token endpoint answers <c>{"error","error_description"}</c>. A null <see cref="Code"/> means no body.
/// </summary>
public sealed record FakeTeamsFailure(int Status, string? Code, string? Message, TimeSpan? RetryAfter = null)
{
    /// <summary>429 <c>Throttled</c>, with <c>Retry-After</c> (whole seconds, rounded up) when given; Microsoft does not promise one.</summary>
    public static FakeTeamsFailure Throttled(TimeSpan? retryAfter = null) => new(429, "Throttled", "Too many requests.", retryAfter);

    /// <summary>412 <c>PreconditionFailed</c>: concurrent operations on one conversation; Teams says retry with backoff.</summary>
    public static FakeTeamsFailure PreconditionFailed { get; } = new(412, "PreconditionFailed", "Precondition failed, please try again.");

    /// <summary>500 <c>ServiceError</c>: Teams says do not retry.</summary>
    public static FakeTeamsFailure ServerError { get; } = new(500, "ServiceError", "Internal server error.");

    /// <summary>502 <c>ServiceError</c>: a dependency failed; retry with backoff.</summary>
    public static FakeTeamsFailure BadGateway { get; } = new(502, "ServiceError", "Service dependency issue.");

    /// <summary>503 with no body; retry with backoff.</summary>
    public static FakeTeamsFailure ServiceUnavailable { get; } = new(503, null, null);

    /// <summary>504 with no body; retry with backoff.</summary>
    public static FakeTeamsFailure GatewayTimeout { get; } = new(504, null, null);
}
