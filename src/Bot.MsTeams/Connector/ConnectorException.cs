using System.Net;

namespace Bot.MsTeams.Connector;

/// <summary>
/// A Bot Connector call answered with a status other than 2xx (or a 2xx the bot cannot read). <see cref="ErrorCode"/> is
/// the Connector's <c>error.code</c> (<c>BadArgument</c>, <c>ConversationNotFound</c>, …) or, for Teams' own
/// <c>{"errorCode":209,…}</c> bodies, the <c>subCode</c> inside (<c>MessageWritesBlocked</c>).
/// </summary>
/// <remarks>See <see href="https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#errorresponse-object">ErrorResponse</see>.</remarks>
internal sealed class ConnectorException(string operation, HttpStatusCode statusCode, string? errorCode, string? connectorMessage, TimeSpan? retryAfter)
    : Exception($"Teams {operation} answered HTTP {(int)statusCode}{(errorCode is null ? "" : $" {errorCode}")}{(connectorMessage is null ? "" : $": {connectorMessage}")}")
{
    /// <summary>What the bot was doing, e.g. <c>create conversation</c>.</summary>
    public string Operation { get; } = operation;

    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;

    public string? ConnectorMessage { get; } = connectorMessage;

    /// <summary>The <c>Retry-After</c> the Connector sent (as a delay), which Microsoft does not promise.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
