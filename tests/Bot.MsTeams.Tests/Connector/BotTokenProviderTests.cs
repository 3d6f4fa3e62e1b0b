using System.Net;
using Bot.MsTeams.Connector;

namespace Bot.MsTeams.Tests.Connector;

public sealed class BotTokenProviderTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private ConnectorHarness _harness = null!;

    private LoopbackTeams Teams => _harness.Teams;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GetToken_FirstCall_PostsTheClientCredentialsFormToTheTenantsEndpoint()
    {
        var token = await _harness.Tokens.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", token);
        var request = Assert.Single(Teams.Requests);
        Assert.Equal(("POST", "/tenant-1/oauth2/v2.0/token", "application/x-www-form-urlencoded"), (request.Method, request.RawTarget, request.ContentType));
        var form = request.Form;
        Assert.Equal("client_credentials", form["grant_type"].ToString());
        Assert.Equal(_harness.Options.AppId, form["client_id"].ToString());
        Assert.Equal(ConnectorHarness.Secret, form["client_secret"].ToString());
        Assert.Equal("https://api.botframework.com/.default", form["scope"].ToString());
        Assert.Equal(4, form.Count);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void GetToken_WithoutTokenEndpointOption_UsesTheTenantsEntraAuthority()
    {
        Assert.Equal(
            new Uri("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"),
            new MsTeamsOptions { TenantId = "tenant-1" }.TokenUrl);
        Assert.Equal(
            new Uri("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"),
            new MsTeamsOptions().TokenUrl);
    }

    [Fact]
    public async Task GetToken_ManyCallsWithinItsLifetime_AsksTheEndpointOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("token-1", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
            _harness.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Single(Teams.TokenRequests);
    }

    [Fact]
    public async Task GetToken_ConcurrentCallersWhileAFetchIsInFlight_ShareOneRequest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Teams.Enqueue("POST", LoopbackTeams.TokenPath, async context =>
        {
            await release.Task.WaitAsync(Bound);
            await LoopbackTeams.Json(HttpStatusCode.OK, """{"token_type":"Bearer","expires_in":3599,"access_token":"shared"}""")(context);
        });

        var callers = Enumerable.Range(0, 20).Select(_ => _harness.Tokens.GetTokenAsync(CancellationToken.None)).ToList();
        release.SetResult();
        var tokens = await Task.WhenAll(callers).WaitAsync(Bound);

        Assert.All(tokens, token => Assert.Equal("shared", token));
        Assert.Single(Teams.TokenRequests);
    }

    [Fact]
    public async Task GetToken_FiveMinutesBeforeExpiry_FetchesANewOne()
    {
        // expires_in 3599 s: refreshed from 54 min 59 s on.
        await _harness.Tokens.GetTokenAsync(CancellationToken.None);

        _harness.Clock.Advance(new TimeSpan(0, 54, 58));
        Assert.Equal("token-1", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal("token-2", await _harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Equal(2, Teams.TokenRequests.Count);
    }

    [Fact]
    public async Task GetToken_ShortLivedToken_IsRefreshedAtHalfLife()
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, HttpStatusCode.OK, """{"token_type":"Bearer","expires_in":"120","access_token":"short"}""");
        await _harness.Tokens.GetTokenAsync(CancellationToken.None);

        _harness.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("short", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-1", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided.")]
    [InlineData(HttpStatusCode.BadRequest, "invalid_request", "AADSTS90002: Tenant 'tenant-1' not found.")]
    [InlineData(HttpStatusCode.BadRequest, "unauthorized_client", "AADSTS700016: Application not found in the directory.")]
    public async Task GetToken_CredentialsRefused_ThrowsNamingTheKeysButNeverTheSecret(HttpStatusCode status, string error, string description)
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, status,
            $$"""{"error":"{{error}}","error_description":"{{description}}\r\nTrace ID: 0f1e\r\nTimestamp: 2026-05-04 10:00:00Z","error_codes":[7000215]}""");

        var refused = await Assert.ThrowsAsync<BotTokenException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.True(refused.CredentialsRejected);
        Assert.Equal((int)status, refused.StatusCode);
        foreach (var expected in new[] { "MsTeams:AppId", "MsTeams:AppPassword", "MsTeams:TenantId", error, description })
        {
            Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Trace ID", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectorHarness.Secret, refused.Message, StringComparison.Ordinal);
        Assert.Contains(_harness.Logs.Entries, entry => entry.Message.Contains("MsTeams:AppPassword", StringComparison.Ordinal));
        Assert.DoesNotContain(_harness.Logs.Entries, entry => entry.Message.Contains(ConnectorHarness.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetToken_EndpointEchoingTheSecret_RedactsIt()
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, HttpStatusCode.Unauthorized,
            $$"""{"error":"invalid_client","error_description":"bad secret {{ConnectorHarness.Secret}}"}""");

        var refused = await Assert.ThrowsAsync<BotTokenException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Contains("bad secret ***", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Logs.Entries, entry => entry.Message.Contains(ConnectorHarness.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetToken_SoonAfterRefusedCredentials_FailsWithoutAskingAgainUntilTheHoldOffPasses()
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, HttpStatusCode.Unauthorized, """{"error":"invalid_client"}""");
        await Assert.ThrowsAsync<BotTokenException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));

        _harness.Clock.Advance(BotTokenProvider.RefusedCredentialsHoldOff - TimeSpan.FromSeconds(1));
        var again = await Assert.ThrowsAsync<BotTokenException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.True(again.CredentialsRejected);
        Assert.Single(Teams.TokenRequests);

        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-1", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, Teams.TokenRequests.Count);
    }

    [Fact]
    public async Task GetToken_EndpointFailing_ThrowsARetryableErrorWithItsRetryAfter()
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, HttpStatusCode.ServiceUnavailable, """{"error":"temporarily_unavailable"}""", retryAfter: "7");

        var failed = await Assert.ThrowsAsync<BotTokenException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.False(failed.CredentialsRejected);
        Assert.Equal(TimeSpan.FromSeconds(7), failed.RetryAfter);
        Assert.Equal("token-1", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Invalidate_TheCurrentToken_NextCallFetchesAFreshOne()
    {
        var first = await _harness.Tokens.GetTokenAsync(CancellationToken.None);

        _harness.Tokens.Invalidate(first);

        Assert.Equal("token-2", await _harness.Tokens.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Invalidate_AnOlderToken_KeepsTheNewerOne()
    {
        var first = await _harness.Tokens.GetTokenAsync(CancellationToken.None);
        _harness.Tokens.Invalidate(first);
        var second = await _harness.Tokens.GetTokenAsync(CancellationToken.None);

        _harness.Tokens.Invalidate(first);

        Assert.Equal(second, await _harness.Tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, Teams.TokenRequests.Count);
    }

    [Fact]
    public async Task GetToken_PlainHttpEndpointOffLoopback_RefusesToSendTheSecret()
    {
        _harness.Options.TokenEndpoint = new Uri("http://login.invalid/tenant-1/oauth2/v2.0/token");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.Tokens.GetTokenAsync(CancellationToken.None));

        Assert.Contains("MsTeams:TokenEndpoint", refused.Message, StringComparison.Ordinal);
    }
}
