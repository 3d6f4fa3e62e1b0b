using System.Net;
using System.Net.Http.Headers;
using Bot.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// The console acts as any catalog member it is told to, so it is not open to the network: without
/// <c>Console:Token</c> it answers only this machine; with it, only requests carrying the token.
/// </summary>
public sealed class ConsoleAccessTests
{
    private const string ConsoleToken = "test-console-token-1a2b3c4d5e";
    private static readonly Uri Messages = new("/api/console/channels/payments-slo-breaches/messages", UriKind.Relative);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task NoToken_LoopbackRequest_IsServed(string address)
    {
        await using var factory = new BotApplicationFactory(configureServices: RemoteAddress(address));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Messages);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoToken_RemoteRequest_Returns403NamingTheKey()
    {
        await using var factory = new BotApplicationFactory(configureServices: RemoteAddress("203.0.113.7"));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Messages);

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("Console:Token", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.4")]
    [InlineData("Forwarded", "for=198.51.100.4")]
    public async Task NoToken_LoopbackRequestThroughAProxy_Returns403(string header, string value)
    {
        await using var factory = new BotApplicationFactory(configureServices: RemoteAddress("127.0.0.1"));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(header, value);

        using var response = await client.PostAsync(new Uri("/api/console/commands", UriKind.Relative), content: null);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-of-some-length")]
    [InlineData("Bearer " + ConsoleToken + "x")]
    [InlineData("Bearer " + BotApplicationFactory.AdminToken)]
    public async Task WithToken_MissingOrWrongBearer_Returns401EvenFromLoopback(string? authorization)
    {
        await using var factory = new BotApplicationFactory(
            configureServices: RemoteAddress("127.0.0.1"),
            settings: new Dictionary<string, string> { ["Console:Token"] = ConsoleToken });
        using var client = factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.GetAsync(Messages);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task WithToken_RightBearer_IsServedFromAnywhere()
    {
        await using var factory = new BotApplicationFactory(
            configureServices: RemoteAddress("203.0.113.7"),
            settings: new Dictionary<string, string> { ["Console:Token"] = ConsoleToken });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleToken);

        using var response = await client.GetAsync(Messages);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Host_ConsoleTokenTooShort_ExitsWithCode1NamingTheKey()
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["Console__Token"] = "changeme",
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Console:Token must be at least 16 characters long", outcome.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Makes every request arrive from <paramref name="address"/> (the in-memory test server sets none).</summary>
    private static Action<IServiceCollection> RemoteAddress(string address) =>
        services => services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(IPAddress.Parse(address)));

    private sealed class RemoteAddressStartupFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
