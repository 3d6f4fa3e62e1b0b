using System.Net;
using System.Text.Json.Nodes;
using Bot.MsTeams.Fake;
using Bot.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>The fake Entra and Bot Framework metadata must answer what the real ones answer, or the bot's auth is tested against nothing.</summary>
public sealed class FakeTeamsTokenTests : IAsyncLifetime, IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeTeams _teams = null!;

    public async Task InitializeAsync() => _teams = await FakeTeams.StartAsync(new FakeTeamsOptions { TimeProvider = _clock });

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Token_ClientCredentialsForBotFramework_IssuesASignedConnectorToken()
    {
        using var form = TestConnector.TokenForm();
        using var response = await _http.PostAsync(_teams.TokenEndpoint, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(3599, body["expires_in"]!.GetValue<int>());
        Assert.Equal(3599, body["ext_expires_in"]!.GetValue<int>());
        var token = new JsonWebToken(body["access_token"]!.GetValue<string>());
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(_teams.AccessTokenKeyId, token.Kid);
        Assert.Equal(["https://api.botframework.com"], token.Audiences);
        Assert.Equal($"https://sts.windows.net/{_teams.Options.TenantId}/", token.Issuer);
        Assert.Equal(_teams.Options.AppId, token.GetPayloadValue<string>("appid"));
        Assert.Equal(_teams.Options.TenantId, token.GetPayloadValue<string>("tid"));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(3599).UtcDateTime, token.ValidTo);
        Assert.Equal(1, _teams.TokensIssued);
    }

    [Theory]
    [InlineData(null, "fake~teams~secret~WRONG", 7000215)]
    [InlineData(null, "", 7000216)]
    public async Task Token_WrongOrMissingSecret_Is401InvalidClient(string? clientId, string secret, int aadsts)
    {
        using var form = TestConnector.TokenForm(clientId, secret);
        using var response = await _http.PostAsync(_teams.TokenEndpoint, form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.StartsWith($"AADSTS{aadsts}:", body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(aadsts, body["error_codes"]![0]!.GetValue<int>());
        Assert.Equal(0, _teams.TokensIssued);
    }

    [Theory]
    [InlineData("tenant", "invalid_request", 90002)]
    [InlineData("botframework.com", "unauthorized_client", 700016)]
    [InlineData("client", "unauthorized_client", 700016)]
    [InlineData("grant", "unsupported_grant_type", 70003)]
    [InlineData("scope", "invalid_scope", 1002012)]
    [InlineData("resource", "invalid_resource", 500011)]
    public async Task Token_UnknownTenantAppGrantOrScope_Is400WithEntrasError(string wrong, string error, int aadsts)
    {
        var endpoint = wrong switch
        {
            "tenant" => _teams.TokenEndpointFor("0c0ffee0-0000-4000-8000-000000000000"),
            "botframework.com" => _teams.TokenEndpointFor("botframework.com"),
            _ => _teams.TokenEndpoint,
        };
        using var form = wrong switch
        {
            "client" => TestConnector.TokenForm(clientId: "11111111-2222-4333-8444-555555555555"),
            "grant" => TestConnector.TokenForm(grantType: "password"),
            "scope" => TestConnector.TokenForm(scope: "https://api.botframework.com"),
            "resource" => TestConnector.TokenForm(scope: "https://graph.microsoft.com/.default"),
            _ => TestConnector.TokenForm(),
        };
        using var response = await _http.PostAsync(endpoint, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.Equal(aadsts, body["error_codes"]![0]!.GetValue<int>());
        Assert.Equal(0, _teams.TokensIssued);
    }

    [Fact]
    public async Task Token_MultiTenantAppAtBotFrameworkAuthority_IsIssuedInTheBotFrameworkTenant()
    {
        await using var teams = await FakeTeams.StartAsync(new FakeTeamsOptions { MultiTenant = true });
        using var form = TestConnector.TokenForm();
        using var response = await _http.PostAsync(teams.TokenEndpointFor("botframework.com"), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = new JsonWebToken(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>());
        Assert.Equal(FakeTeamsOptions.BotFrameworkTenantId, token.GetPayloadValue<string>("tid"));
    }

    [Fact]
    public async Task Token_ShortLifetime_ConnectorRefusesItOnceExpiredAndTakesAFreshOne()
    {
        _teams.Options.TokenLifetime = TimeSpan.FromMinutes(2);
        _teams.AddChannel("19:team-general@thread.tacv2", "19:payments-slo@thread.tacv2");
        using var connector = await new TestConnector(_teams).AuthenticateAsync();
        Assert.Equal(HttpStatusCode.Created, (await connector.CreateInChannelAsync("19:payments-slo@thread.tacv2", TestConnector.Message("first"))).Status);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var refused = await connector.CreateInChannelAsync("19:payments-slo@thread.tacv2", TestConnector.Message("second"));
        await connector.AuthenticateAsync();
        var accepted = await connector.CreateInChannelAsync("19:payments-slo@thread.tacv2", TestConnector.Message("third"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("Authorization has been denied for this request.", refused.Json!["message"]!.GetValue<string>());
        Assert.Equal("Unauthorized: token expired", _teams.RequestsOf(TeamsOperation.CreateConversation)[1].Error);
        Assert.Equal(HttpStatusCode.Created, accepted.Status);
        Assert.Equal(["first", "third"], _teams.Posts("19:payments-slo@thread.tacv2").Select(p => p.Text));
        Assert.Equal(2, _teams.TokensIssued);
    }

    [Fact]
    public async Task Token_InjectedFailure_IsAnsweredOnceThenTokensAreIssued()
    {
        _teams.FailNext(TeamsOperation.Token, 1, FakeTeamsFailure.ServiceUnavailable);
        using var first = TestConnector.TokenForm();
        using var second = TestConnector.TokenForm();

        using var failed = await _http.PostAsync(_teams.TokenEndpoint, first);
        using var issued = await _http.PostAsync(_teams.TokenEndpoint, second);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(1, _teams.TokensIssued);
        Assert.Equal([true, false], _teams.RequestsOf(TeamsOperation.Token).Select(r => r.Injected));
    }

    [Theory]
    [InlineData("v1/.well-known/openidconfiguration")]
    [InlineData("v1/.well-known/openid-configuration")]
    public async Task Metadata_EitherSpelling_PointsAtTheJwks(string path)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync(new Uri(_teams.BaseAddress, path)))!;

        Assert.Equal("https://api.botframework.com", body["issuer"]!.GetValue<string>());
        Assert.Equal(_teams.JwksUrl.ToString(), body["jwks_uri"]!.GetValue<string>());
        Assert.Equal(["RS256"], body["id_token_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["private_key_jwt"], body["token_endpoint_auth_methods_supported"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(1, _teams.MetadataFetches);
        Assert.Equal(0, _teams.KeysFetches);
    }

    [Fact]
    public async Task Keys_Jwks_PublishesTheCurrentMsTeamsKeyAndOneEndorsedElsewhere()
    {
        var json = await _http.GetStringAsync(_teams.JwksUrl);
        var keys = JsonNode.Parse(json)!["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();

        Assert.Equal(2, keys.Count);
        foreach (var key in keys)
        {
            Assert.Equal("RSA", key["kty"]!.GetValue<string>());
            Assert.Equal("sig", key["use"]!.GetValue<string>());
            Assert.Equal(key["kid"]!.GetValue<string>(), key["x5t"]!.GetValue<string>());
            Assert.Equal("AQAB", key["e"]!.GetValue<string>());
            Assert.Equal(256, Base64UrlEncoder.DecodeBytes(key["n"]!.GetValue<string>()).Length);
        }
        Assert.Equal(["msteams"], Endorsements(keys.Single(k => k["kid"]!.GetValue<string>() == _teams.CurrentKeyId)));
        Assert.DoesNotContain("msteams", Endorsements(keys.Single(k => k["kid"]!.GetValue<string>() == _teams.UnendorsedKeyId)));
        // The JWKS is one Microsoft.IdentityModel reads: both keys become signing keys (each once from n/e, once from x5c).
        Assert.Equal([_teams.CurrentKeyId, _teams.UnendorsedKeyId], new JsonWebKeySet(json).GetSigningKeys().Select(k => k.KeyId).Distinct());
        Assert.Equal(1, _teams.KeysFetches);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Keys_Rotate_PublishesANewCurrentKeyAndKeepsOrDropsTheOld(bool keepPrevious)
    {
        var old = _teams.CurrentKeyId;

        var rotated = _teams.RotateSigningKey(keepPrevious);

        var kids = JsonNode.Parse(await _http.GetStringAsync(_teams.JwksUrl))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
        Assert.NotEqual(old, rotated);
        Assert.Equal(rotated, _teams.CurrentKeyId);
        Assert.Contains(rotated, kids);
        Assert.Equal(keepPrevious, kids.Contains(old));
        Assert.Contains(_teams.UnendorsedKeyId, kids);
        Assert.Equal(rotated, Assert.Single(_teams.SigningKeys, k => k.Current).KeyId);
    }

    private static List<string> Endorsements(JsonObject key) => [.. key["endorsements"]!.AsArray().Select(e => e!.GetValue<string>())];
}
