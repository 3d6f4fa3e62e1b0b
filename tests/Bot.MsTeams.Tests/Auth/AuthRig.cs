using System.Text;
using Bot.MsTeams.Auth;
using Bot.MsTeams.Schema;
using Bot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Tests.Auth;

/// <summary>
/// An authenticator wired to <see cref="FakeBotFrameworkOpenId"/>, a <see cref="ManualClock"/> and recorded logs, with
/// one published key endorsed for msteams (<see cref="Key"/>), and the tokens Bot Framework would send with it.
/// </summary>
internal sealed class AuthRig : IDisposable
{
    public const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/";
    public const string KeyId = "fake-key-1";

    /// <summary>MsTeams:SigningKeyRefreshThrottle when not configured.</summary>
    public static readonly TimeSpan DefaultRefreshThrottle = new MsTeamsOptions().SigningKeyRefreshThrottle;

    private readonly ILoggerFactory _loggerFactory;

    public AuthRig(TimeSpan? refreshThrottle = null, Uri? metadataUrl = null, string? appId = AppId)
    {
        Key = OpenId.Publish(KeyId, "msteams");
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var options = Options.Create(new MsTeamsOptions
        {
            AppId = appId,
            OpenIdMetadataUrl = metadataUrl ?? FakeBotFrameworkOpenId.MetadataUrl,
            SigningKeyRefreshThrottle = refreshThrottle ?? DefaultRefreshThrottle,
        });
        SigningKeys = new BotFrameworkSigningKeys(options, OpenId, Clock, _loggerFactory.CreateLogger<BotFrameworkSigningKeys>());
        Authenticator = new BotFrameworkAuthenticator(SigningKeys, options, Clock, _loggerFactory.CreateLogger<BotFrameworkAuthenticator>());
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 7, 6, 0, 0, TimeSpan.Zero));

    public FakeBotFrameworkOpenId OpenId { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public RsaSecurityKey Key { get; }

    public BotFrameworkSigningKeys SigningKeys { get; }

    public BotFrameworkAuthenticator Authenticator { get; }

    public static Activity Activity(string? channelId = "msteams", string? serviceUrl = ServiceUrl) =>
        new() { Type = ActivityTypes.Message, ChannelId = channelId, ServiceUrl = serviceUrl, Text = "status" };

    /// <summary>The token Bot Framework sends (C2's inbound driver: nbf now-5 min, exp now+60 min), as changed by <paramref name="adjust"/>.</summary>
    public string Mint(SecurityKey? key = null, Action<SecurityTokenDescriptor>? adjust = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = Clock.Now.UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = BotFrameworkAuthenticator.Issuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { [BotFrameworkAuthenticator.ServiceUrlClaim] = ServiceUrl },
            IssuedAt = now.AddMinutes(-5),
            NotBefore = now.AddMinutes(-5),
            Expires = now.AddMinutes(60),
            SigningCredentials = new SigningCredentials(key ?? Key, algorithm),
        };
        adjust?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A JWT with <paramref name="header"/> and a valid payload, the signature left empty.</summary>
    public string Unsigned(string header)
    {
        var valid = new JsonWebToken(Mint());
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(valid.EncodedPayload));
        return $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";
    }

    public Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity? activity = null) =>
        Authenticator.AuthenticateAsync(authorizationHeader, activity ?? Activity(), CancellationToken.None);

    public Task<AuthenticationOutcome> AuthenticateBearerAsync(string token, Activity? activity = null) =>
        AuthenticateAsync($"Bearer {token}", activity);

    public void Dispose()
    {
        _loggerFactory.Dispose();
        OpenId.Dispose();
    }
}
