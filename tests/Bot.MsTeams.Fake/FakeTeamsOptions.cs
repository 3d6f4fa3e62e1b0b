namespace Bot.MsTeams.Fake;

/// <summary>
/// The bot registration and the Teams tenant the fake pretends to be: the app's credentials, its tenant, how long its
/// tokens live, and how strict the Connector is about rates and time.
/// </summary>
public sealed class FakeTeamsOptions
{
    /// <summary>The Bot Framework tenant: the <c>tid</c> of tokens issued by the legacy multi-tenant authority <c>botframework.com</c>.</summary>
    public const string BotFrameworkTenantId = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    /// <summary>The bot's Microsoft App ID (Entra client id): inbound tokens are for it, outbound tokens are issued to it.</summary>
    public string AppId { get; set; } = "7b1e3c52-5d0a-4f6e-9b8c-2f4d6a1e0c93";

    /// <summary>The app registration's client secret the token endpoint accepts.</summary>
    public string AppPassword { get; set; } = "fake~teams~secret~Q8s7Yx2Vn4Lk";

    /// <summary>The Entra tenant the app is registered in (single-tenant), the tenant of the fake's teams and users by default.</summary>
    public string TenantId { get; set; } = "3f2a9c1e-8d47-4b6a-a5e2-c90d1b7f4e68";

    /// <summary>
    /// Whether the legacy multi-tenant authority <c>botframework.com</c> issues tokens too. New registrations are
    /// single-tenant (multi-tenant creation ended 31 Jul 2025), for which Entra answers that authority with
    /// <c>unauthorized_client</c> (AADSTS700016: the app is not in that directory).
    /// </summary>
    public bool MultiTenant { get; set; }

    /// <summary>The bot's name, as Teams shows it and writes it in <c>&lt;at&gt;…&lt;/at&gt;</c>.</summary>
    public string BotName { get; set; } = "SLO Bot";

    /// <summary>The path of the Connector under the fake's root; Teams' older service URLs end the same way (<c>…/teams/</c>).</summary>
    public string ServiceUrlPath { get; set; } = "teams/";

    /// <summary>The <c>expires_in</c> of issued access tokens (Entra: 3599 s). Short values exercise the bot's refresh.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);

    /// <summary>
    /// How far past its <c>exp</c> the Connector still accepts an access token. Zero by default, so a bot that uses a
    /// token it should have refreshed finds out.
    /// </summary>
    public TimeSpan ConnectorClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether the Connector enforces Teams' per-bot, per-thread limits on sends and conversation creation
    /// (7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour; msteams-docs <c>bots/how-to/rate-limit.md</c>) with 429.
    /// </summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Whether the limiter's 429 carries <c>Retry-After</c>. Microsoft does not promise one; turn it off to check the bot backs off without it.</summary>
    public bool RetryAfterOnRateLimit { get; set; } = true;

    /// <summary>The clock of tokens, activity ids, the rate limiter and the driver's tokens.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
