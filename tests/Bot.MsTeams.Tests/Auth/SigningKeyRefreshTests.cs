using Bot.MsTeams.Auth;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Tests.Auth;

/// <summary>
/// How the signing keys are fetched, kept and refetched: key rotation, single-flight, the throttle against made-up
/// kids, the daily refresh, and an unreachable or insecure metadata endpoint (401, never an exception).
/// </summary>
public sealed class SigningKeyRefreshTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Authenticate_ManyRequestsWithKnownKid_FetchMetadataAndKeysOnce()
    {
        using var rig = new AuthRig();

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        }

        Assert.Equal((1, 1), (rig.OpenId.MetadataRequests, rig.OpenId.KeysRequests));
    }

    [Fact]
    public async Task Authenticate_KeyRotatedAfterFirstFetch_ValidatesAfterExactlyOneRefetch()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        var rotated = rig.OpenId.Publish("fake-key-2", "msteams");
        rig.OpenId.Withdraw(AuthRig.KeyId);

        var outcome = await rig.AuthenticateBearerAsync(rig.Mint(rotated));

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Equal((2, 2), (rig.OpenId.MetadataRequests, rig.OpenId.KeysRequests));
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint(rotated))).Succeeded);
        Assert.Equal(2, rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_ManyConcurrentRequestsWithANewKid_ShareOneRefetch()
    {
        // No throttle: only the sharing of the one fetch in flight can keep this to one refetch.
        using var rig = new AuthRig(refreshThrottle: TimeSpan.Zero);
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        var token = rig.Mint(rig.OpenId.Publish("fake-key-2", "msteams"));
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.OpenId.HoldKeys = hold;
        rig.OpenId.KeysRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 20).Select(_ => rig.AuthenticateBearerAsync(token)).ToArray();
        await rig.OpenId.KeysRequested.Task.WaitAsync(Bounded);
        hold.SetResult();
        var outcomes = await Task.WhenAll(requests).WaitAsync(Bounded);

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Reason));
        Assert.Equal((2, 2), (rig.OpenId.MetadataRequests, rig.OpenId.KeysRequests));
    }

    [Fact]
    public async Task Authenticate_SecondUnknownKidWithinThrottle_DoesNotRefetch()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);

        await rig.AuthenticateBearerAsync(rig.Mint(rig.OpenId.NewKey("made-up-1")));
        Assert.Equal(2, rig.OpenId.MetadataRequests);

        rig.Clock.Advance(AuthRig.DefaultRefreshThrottle - TimeSpan.FromSeconds(1));
        var outcome = await rig.AuthenticateBearerAsync(rig.Mint(rig.OpenId.NewKey("made-up-2")));

        Assert.Equal(AuthenticationReasons.UnknownSigningKey, outcome.Reason);
        Assert.Equal((2, 2), (rig.OpenId.MetadataRequests, rig.OpenId.KeysRequests));
    }

    [Fact]
    public async Task Authenticate_UnknownKidOnceThrottleIntervalHasPassed_RefetchesAgain()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        await rig.AuthenticateBearerAsync(rig.Mint(rig.OpenId.NewKey("made-up-1")));
        var rotated = rig.OpenId.Publish("fake-key-2", "msteams");
        Assert.False((await rig.AuthenticateBearerAsync(rig.Mint(rotated))).Succeeded);

        rig.Clock.Advance(AuthRig.DefaultRefreshThrottle);

        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint(rotated))).Succeeded);
        Assert.Equal(3, rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_ThrottleZeroAndKeyRotatedRightAfterARefetch_ValidatesFirstTime()
    {
        using var rig = new AuthRig(refreshThrottle: TimeSpan.Zero);
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        await rig.AuthenticateBearerAsync(rig.Mint(rig.OpenId.NewKey("made-up-1")));

        var rotated = rig.OpenId.Publish("fake-key-2", "msteams");

        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint(rotated))).Succeeded);
        Assert.Equal(3, rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_KeysOlderThanADay_AreRefetched()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);

        rig.Clock.Advance(BotFrameworkSigningKeys.RefreshInterval - TimeSpan.FromSeconds(1));
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        Assert.Equal(1, rig.OpenId.KeysRequests);

        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        Assert.Equal(2, rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_MetadataEndpointDown_Is401AndLogsAWarning()
    {
        using var rig = new AuthRig();
        rig.OpenId.Down = true;

        var outcome = await rig.AuthenticateBearerAsync(rig.Mint());

        Assert.Equal((401, AuthenticationReasons.SigningKeysUnavailable), (outcome.StatusCode, outcome.Reason));
        Assert.Contains(rig.Logs.Entries, entry => entry.Category == typeof(BotFrameworkSigningKeys).FullName && entry.Level == LogLevel.Warning
            && Equals(entry.Values["MetadataUrl"], FakeBotFrameworkOpenId.MetadataUrl));
    }

    [Fact]
    public async Task Authenticate_MetadataEndpointBackAfterFailingAtStart_SucceedsAtOnce()
    {
        using var rig = new AuthRig();
        rig.OpenId.Down = true;
        Assert.False((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);

        rig.OpenId.Down = false;

        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
    }

    [Fact]
    public async Task Authenticate_MetadataEndpointDownAtDailyRefresh_KeepsUsingTheKeysInHand()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        rig.OpenId.Down = true;
        rig.Clock.Advance(BotFrameworkSigningKeys.RefreshInterval);

        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);

        Assert.Equal(2, rig.OpenId.MetadataRequests);
        Assert.Contains(rig.Logs.Entries, entry => entry.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Authenticate_UnknownKidWhileMetadataEndpointDown_Is401UnknownKey()
    {
        using var rig = new AuthRig();
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        rig.OpenId.Down = true;

        var outcome = await rig.AuthenticateBearerAsync(rig.Mint(rig.OpenId.Publish("fake-key-2", "msteams")));

        Assert.Equal((401, AuthenticationReasons.UnknownSigningKey), (outcome.StatusCode, outcome.Reason));
        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
    }

    [Theory]
    [InlineData("https://login.botframework.com/v1/.well-known/missing")]
    [InlineData("http://login.botframework.com/v1/.well-known/keys")]
    public async Task Authenticate_JwksUriUnusable_Is401KeysUnavailable(string jwksUri)
    {
        using var rig = new AuthRig();
        rig.OpenId.JwksUri = jwksUri;

        var outcome = await rig.AuthenticateBearerAsync(rig.Mint());

        Assert.Equal((401, AuthenticationReasons.SigningKeysUnavailable), (outcome.StatusCode, outcome.Reason));
        Assert.Equal(0, rig.OpenId.KeysRequests);
    }

    [Fact]
    public async Task Authenticate_MetadataUrlPlainHttpOffLoopback_Is401WithoutFetching()
    {
        using var rig = new AuthRig(metadataUrl: new Uri("http://login.botframework.com/v1/.well-known/openidconfiguration"));

        var outcome = await rig.AuthenticateBearerAsync(rig.Mint());

        Assert.Equal((401, AuthenticationReasons.SigningKeysUnavailable), (outcome.StatusCode, outcome.Reason));
        Assert.Equal(0, rig.OpenId.MetadataRequests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5100/v1/.well-known/openidconfiguration")]
    [InlineData("http://localhost:5100/v1/.well-known/openidconfiguration")]
    public async Task Authenticate_MetadataUrlPlainHttpOnLoopback_Succeeds(string metadataUrl)
    {
        using var rig = new AuthRig(metadataUrl: new Uri(metadataUrl));

        Assert.True((await rig.AuthenticateBearerAsync(rig.Mint())).Succeeded);
        Assert.Equal(1, rig.OpenId.MetadataRequests);
    }

    [Fact]
    public async Task Authenticate_OneWaiterCancelled_OthersStillGetTheSharedFetch()
    {
        using var rig = new AuthRig();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.OpenId.HoldKeys = hold;
        using var cancellation = new CancellationTokenSource();
        var token = rig.Mint();

        var cancelled = rig.Authenticator.AuthenticateAsync($"Bearer {token}", AuthRig.Activity(), cancellation.Token);
        var patient = rig.AuthenticateBearerAsync(token);
        await rig.OpenId.KeysRequested.Task.WaitAsync(Bounded);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        hold.SetResult();

        Assert.True((await patient.WaitAsync(Bounded)).Succeeded);
        Assert.Equal(1, rig.OpenId.KeysRequests);
    }
}
