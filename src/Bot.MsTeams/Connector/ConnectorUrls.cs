namespace Bot.MsTeams.Connector;

/// <summary>
/// Where the bot may send its bearer token, and how Connector URLs are built (protocols.md B3). A service URL comes
/// from inbound activities, so it is checked on every call: https anywhere, plain http only to this machine (the fakes
/// tests run on 127.0.0.1), never with user info.
/// </summary>
internal static class ConnectorUrls
{
    public static bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri
        && string.IsNullOrEmpty(url.UserInfo)
        && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    /// <summary>The service URL as a base for <c>v3/…</c>: query and fragment dropped, exactly one trailing slash.</summary>
    /// <exception cref="ArgumentException">The URL is not one the bot may send its token to.</exception>
    public static Uri BaseOf(Uri serviceUrl)
    {
        if (!IsAllowed(serviceUrl))
        {
            throw new ArgumentException($"The Connector service URL {serviceUrl} is not https (plain http is allowed only on loopback).", nameof(serviceUrl));
        }
        var path = serviceUrl.GetLeftPart(UriPartial.Path);
        return new Uri(path.EndsWith('/') ? path : path + "/");
    }

    /// <summary>Conversation and activity ids carry <c>:</c>, <c>@</c> and <c>;</c>; the Connector wants them escaped in the path.</summary>
    public static string Escape(string id) => Uri.EscapeDataString(id);
}
