using System.Net;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.Alerts;

internal static class ProblemAssert
{
    /// <summary>Asserts the status and an <c>application/problem+json</c> body; returns the body.</summary>
    public static async Task<JsonNode> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)status, (int?)problem["status"]);
        return problem;
    }
}
