using System.Net;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests;

public sealed class ProblemDetailsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task UnknownApiRoute_Get_Returns404ProblemDetails()
    {
        using var response = await host.Client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not Found", (string?)problem["title"]);
    }

    [Fact]
    public async Task CatalogTeams_WrongMethod_Returns405ProblemDetails()
    {
        using var response = await host.Client.DeleteAsync(new Uri("/api/catalog/teams", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task QueryValueOfTheWrongType_Returns400ProblemDetailsNot500()
    {
        using var response = await host.Client.GetAsync(new Uri("/api/incidents?limit=many", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnhandledException_InAnyHandler_Returns500ProblemDetailsWithoutTheExceptionText()
    {
        await using var factory = new BotApplicationFactory(
            configureServices: services => services.AddSingleton<IStartupFilter, ThrowingEndpointStartupFilter>());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/boom", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("secret detail", problem.ToJsonString(), StringComparison.Ordinal);
    }

    internal static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["type"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        return problem;
    }

    /// <summary>Adds, behind the host's own pipeline, a route whose handler throws.</summary>
    private sealed class ThrowingEndpointStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/boom", boom => boom.Run(_ => throw new InvalidOperationException("secret detail")));
        };
    }
}
