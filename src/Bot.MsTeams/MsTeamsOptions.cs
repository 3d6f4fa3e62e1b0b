namespace Bot.MsTeams;

/// <summary>
/// The <c>MsTeams</c> configuration section. Teams is on when <see cref="AppId"/> and <see cref="AppPassword"/> are
/// set, off when neither is; one without the other stops the host at start, naming the missing key.
/// </summary>
public sealed class MsTeamsOptions
{
    public const string SectionName = "MsTeams";

    /// <summary>Bot Framework's OpenID metadata, where the keys that sign inbound activities are published.</summary>
    public static readonly Uri BotFrameworkOpenIdMetadata = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>The bot's Microsoft App ID (the Entra app registration's client id): the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>The app registration's client secret, for the tokens outbound Connector calls carry.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// The Entra tenant of a single-tenant bot registration: the token authority, and the tenant of catalog
    /// destinations that name none. Unset means the legacy multi-tenant authority <c>botframework.com</c>.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Where inbound token signing keys are discovered; tests point it at a fake.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = BotFrameworkOpenIdMetadata;

    /// <summary>The OAuth token endpoint; defaults to <c>https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>
    /// The Connector service URL for a tenant the bot has not heard from yet (Teams tells the bot its service URL in
    /// every activity, and the bot keeps the latest per tenant). Unset: posts to such a tenant wait until it has.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The shortest time between two refreshes of the signing keys forced by a token whose key id the bot does not know
    /// (a key rotation); keys are otherwise refreshed daily. It keeps tokens with made-up key ids from making the bot
    /// hammer the metadata endpoint. Default 5 minutes.
    /// </summary>
    public TimeSpan SigningKeyRefreshThrottle { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How the bot names itself in messages; defaults to "SLO Bot".</summary>
    public string? AppName { get; set; }

    internal bool HasAppId => !string.IsNullOrWhiteSpace(AppId);

    internal bool HasAppPassword => !string.IsNullOrWhiteSpace(AppPassword);

    internal bool IsConfigured => HasAppId && HasAppPassword;

    internal string DisplayName => string.IsNullOrWhiteSpace(AppName) ? "SLO Bot" : AppName;

    /// <summary>The tenant whose authority issues the bot's tokens: <see cref="TenantId"/>, or <c>botframework.com</c>.</summary>
    internal string AuthorityTenant => string.IsNullOrWhiteSpace(TenantId) ? "botframework.com" : TenantId;

    internal Uri TokenUrl => TokenEndpoint ?? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(AuthorityTenant)}/oauth2/v2.0/token");
}
