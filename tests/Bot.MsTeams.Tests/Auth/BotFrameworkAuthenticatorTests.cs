using System.Globalization;
using System.Security.Cryptography;
using Bot.MsTeams.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Tests.Auth;

/// <summary>Each check botbuilder makes on an inbound token (protocols.md B2), one at a time.</summary>
public sealed class BotFrameworkAuthenticatorTests : IDisposable
{
    private readonly AuthRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task Authenticate_TokenAsBotFrameworkSendsIt_SucceedsWithItsClaims()
    {
        var outcome = await _rig.AuthenticateBearerAsync(_rig.Mint());

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(AuthRig.AppId, outcome.Identity!.FindFirst("aud")?.Value);
        Assert.Equal(AuthRig.ServiceUrl, outcome.Identity.FindFirst("serviceurl")?.Value);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task Authenticate_EachAllowedRsaAlgorithm_Succeeds(string algorithm) =>
        Assert.True((await _rig.AuthenticateBearerAsync(_rig.Mint(algorithm: algorithm))).Succeeded);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Authenticate_NoAuthorizationHeader_Is401MissingHeader(string? header) =>
        AssertRefused(401, AuthenticationReasons.MissingHeader, await _rig.AuthenticateAsync(header));

    [Theory]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Basic {0}")]
    [InlineData("{0}")]
    [InlineData("Bearer {0} extra")]
    [InlineData("Bearer  {0}")]
    [InlineData("Bearer")]
    public async Task Authenticate_HeaderNotExactlyBearerAndToken_Is401NotBearer(string format)
    {
        var header = string.Format(CultureInfo.InvariantCulture, format, _rig.Mint());

        AssertRefused(401, AuthenticationReasons.NotBearer, await _rig.AuthenticateAsync(header));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("")]
    [InlineData("a.b.c")]
    public async Task Authenticate_BearerValueNotAJwt_Is401Malformed(string token) =>
        AssertRefused(401, AuthenticationReasons.MalformedToken, await _rig.AuthenticateBearerAsync(token));

    [Theory]
    [InlineData("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://login.microsoftonline.com/50612dbb-0237-4969-b378-8d42590f9c00/v2.0")]
    [InlineData("https://evil.example/")]
    public async Task Authenticate_IssuerOtherThanBotFramework_Is401WithoutFetchingKeys(string issuer)
    {
        var outcome = await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Issuer = issuer));

        AssertRefused(401, AuthenticationReasons.UntrustedIssuer, outcome);
        Assert.Equal(0, _rig.OpenId.MetadataRequests);
    }

    [Fact]
    public async Task Authenticate_NoIssuer_Is401UntrustedIssuer() =>
        AssertRefused(401, AuthenticationReasons.UntrustedIssuer, await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Issuer = null)));

    [Fact]
    public async Task Authenticate_AudienceOfAnotherBot_Is401AudienceMismatch() =>
        AssertRefused(401, AuthenticationReasons.AudienceMismatch,
            await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Audience = "11111111-2222-3333-4444-555555555555")));

    [Fact]
    public async Task Authenticate_AudienceDiffersOnlyInCase_Is401AudienceMismatch() =>
        AssertRefused(401, AuthenticationReasons.AudienceMismatch,
            await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Audience = AuthRig.AppId.ToUpperInvariant())));

    [Fact]
    public async Task Authenticate_NoAudience_Is401AudienceMissing() =>
        AssertRefused(401, AuthenticationReasons.AudienceMissing, await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Audience = null)));

    [Fact]
    public async Task Authenticate_AppIdNotConfigured_Is401()
    {
        using var rig = new AuthRig(appId: null);

        AssertRefused(401, AuthenticationReasons.AppIdNotConfigured, await rig.AuthenticateBearerAsync(rig.Mint()));
    }

    [Fact]
    public async Task Authenticate_ExpiredBeyondFiveMinutesSkew_Is401Expired()
    {
        var token = _rig.Mint(adjust: ExpiresIn(TimeSpan.FromMinutes(-5) - TimeSpan.FromSeconds(1)));

        AssertRefused(401, AuthenticationReasons.Expired, await _rig.AuthenticateBearerAsync(token));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(-60)]
    public async Task Authenticate_ExpiredWithinFiveMinutesSkew_Succeeds(int expiresInSeconds) =>
        Assert.True((await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: ExpiresIn(TimeSpan.FromSeconds(expiresInSeconds))))).Succeeded);

    [Fact]
    public async Task Authenticate_ValidTokenOnceTheClockPassesExpiryAndSkew_Is401Expired()
    {
        var token = _rig.Mint();
        Assert.True((await _rig.AuthenticateBearerAsync(token)).Succeeded);

        _rig.Clock.Advance(TimeSpan.FromMinutes(65) + TimeSpan.FromSeconds(1));

        AssertRefused(401, AuthenticationReasons.Expired, await _rig.AuthenticateBearerAsync(token));
    }

    [Fact]
    public async Task Authenticate_NotValidYetBeyondFiveMinutesSkew_Is401NotYetValid()
    {
        var token = _rig.Mint(adjust: NotBeforeIn(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));

        AssertRefused(401, AuthenticationReasons.NotYetValid, await _rig.AuthenticateBearerAsync(token));
    }

    [Fact]
    public async Task Authenticate_NotValidYetWithinFiveMinutesSkew_Succeeds() =>
        Assert.True((await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: NotBeforeIn(TimeSpan.FromMinutes(4))))).Succeeded);

    [Fact]
    public async Task Authenticate_SignedByAnotherKeyUnderAPublishedKid_Is401BadSignature()
    {
        var forger = _rig.OpenId.NewKey(AuthRig.KeyId);

        AssertRefused(401, AuthenticationReasons.BadSignature, await _rig.AuthenticateBearerAsync(_rig.Mint(forger)));
    }

    [Fact]
    public async Task Authenticate_PayloadChangedAfterSigning_Is401BadSignature()
    {
        var genuine = new JsonWebToken(_rig.Mint());
        var altered = new JsonWebToken(_rig.Mint(adjust: token => token.Claims["serviceurl"] = "https://evil.example/amer/"));
        var spliced = $"{genuine.EncodedHeader}.{altered.EncodedPayload}.{genuine.EncodedSignature}";

        AssertRefused(401, AuthenticationReasons.BadSignature, await _rig.AuthenticateBearerAsync(spliced));
    }

    [Fact]
    public async Task Authenticate_KidNeverPublished_Is401UnknownKeyAfterOneRefetch()
    {
        var stranger = _rig.OpenId.NewKey("stranger");

        AssertRefused(401, AuthenticationReasons.UnknownSigningKey, await _rig.AuthenticateBearerAsync(_rig.Mint(stranger)));
        Assert.Equal(2, _rig.OpenId.MetadataRequests);
        Assert.Equal(2, _rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_NoKid_Is401UnknownKey()
    {
        var anonymous = new RsaSecurityKey(_rig.Key.Rsa);

        AssertRefused(401, AuthenticationReasons.UnknownSigningKey, await _rig.AuthenticateBearerAsync(_rig.Mint(anonymous)));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("skype webchat")]
    [InlineData("")]
    public async Task Authenticate_KeyNotEndorsedForMsTeams_Is403(string endorsements)
    {
        var key = _rig.OpenId.Publish("other-channels", endorsements.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        AssertRefused(403, AuthenticationReasons.NotEndorsed, await _rig.AuthenticateBearerAsync(_rig.Mint(key)));
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("MSTEAMS")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Authenticate_ActivityFromAChannelTheKeyIsNotEndorsedFor_Is403(string? channelId) =>
        AssertRefused(403, AuthenticationReasons.NotEndorsed, await _rig.AuthenticateBearerAsync(_rig.Mint(), AuthRig.Activity(channelId: channelId)));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://evil.example/amer/50612dbb-0237-4969-b378-8d42590f9c00/")]
    [InlineData(null)]
    public async Task Authenticate_ServiceUrlClaimNotTheActivitys_Is401(string? activityServiceUrl) =>
        AssertRefused(401, AuthenticationReasons.ServiceUrlMismatch,
            await _rig.AuthenticateBearerAsync(_rig.Mint(), AuthRig.Activity(serviceUrl: activityServiceUrl)));

    [Fact]
    public async Task Authenticate_ServiceUrlDiffersOnlyInCase_SucceedsAsInBotbuilder() =>
        Assert.True((await _rig.AuthenticateBearerAsync(_rig.Mint(), AuthRig.Activity(serviceUrl: AuthRig.ServiceUrl.ToUpperInvariant()))).Succeeded);

    [Fact]
    public async Task Authenticate_NoServiceUrlClaim_Is401ServiceUrlMissing() =>
        AssertRefused(401, AuthenticationReasons.ServiceUrlMissing,
            await _rig.AuthenticateBearerAsync(_rig.Mint(adjust: token => token.Claims.Remove("serviceurl"))));

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT","kid":"fake-key-1"}""")]
    [InlineData("""{"alg":"None","typ":"JWT","kid":"fake-key-1"}""")]
    [InlineData("""{"typ":"JWT","kid":"fake-key-1"}""")]
    public async Task Authenticate_UnsignedToken_Is401DisallowedAlgorithm(string header) =>
        AssertRefused(401, AuthenticationReasons.DisallowedAlgorithm, await _rig.AuthenticateBearerAsync(_rig.Unsigned(header)));

    [Fact]
    public async Task Authenticate_Hs256TokenUnderAPublishedKid_Is401DisallowedAlgorithm()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = AuthRig.KeyId };

        AssertRefused(401, AuthenticationReasons.DisallowedAlgorithm, await _rig.AuthenticateBearerAsync(_rig.Mint(secret, algorithm: SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task Authenticate_Refused_LogsTheReasonButNeverTheToken()
    {
        var token = _rig.Mint(adjust: token => token.Audience = "someone-else");

        await _rig.AuthenticateBearerAsync(token);

        var refusal = Assert.Single(_rig.Logs.Entries, entry => entry.Category == typeof(BotFrameworkAuthenticator).FullName && entry.Level >= LogLevel.Information);
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Equal(AuthenticationReasons.AudienceMismatch, refusal.Values["Reason"]);
        Assert.Equal(401, refusal.Values["StatusCode"]);
        var signature = new JsonWebToken(token).EncodedSignature;
        Assert.DoesNotContain(_rig.Logs.Entries, entry => entry.Message.Contains(signature, StringComparison.Ordinal)
            || entry.Values.Values.Any(value => value?.ToString()?.Contains(signature, StringComparison.Ordinal) == true));
    }

    private Action<SecurityTokenDescriptor> ExpiresIn(TimeSpan fromNow) => token =>
    {
        token.Expires = _rig.Clock.Now.UtcDateTime + fromNow;
        token.NotBefore = token.IssuedAt = token.Expires.Value.AddHours(-1);
    };

    private Action<SecurityTokenDescriptor> NotBeforeIn(TimeSpan fromNow) => token =>
    {
        token.NotBefore = token.IssuedAt = _rig.Clock.Now.UtcDateTime + fromNow;
        token.Expires = token.NotBefore.Value.AddHours(1);
    };

    private static void AssertRefused(int statusCode, string reason, AuthenticationOutcome outcome)
    {
        Assert.False(outcome.Succeeded);
        Assert.Equal((statusCode, reason), (outcome.StatusCode, outcome.Reason));
        Assert.Null(outcome.Identity);
    }
}
