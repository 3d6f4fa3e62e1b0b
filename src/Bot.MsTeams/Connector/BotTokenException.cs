namespace Bot.MsTeams.Connector;

/// <summary>
/// The token endpoint gave the bot no token. <see cref="CredentialsRejected"/> (HTTP 400 or 401) is an operator's
/// error, and the message names the keys to check; otherwise the endpoint was failing, with its <see cref="RetryAfter"/>.
/// </summary>
/// <remarks>See <see href="https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response">client credentials errors</see>.</remarks>
internal sealed class BotTokenException(string message, int statusCode, bool credentialsRejected, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public bool CredentialsRejected { get; } = credentialsRejected;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
