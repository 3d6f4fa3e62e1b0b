using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>Bad console requests get a 400 (or 404) problem that names what is wrong, and change nothing.</summary>
public sealed class ConsoleValidationTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly Uri Commands = new("/api/console/commands", UriKind.Relative);
    private static readonly Uri Actions = new("/api/console/actions", UriKind.Relative);

    [Theory]
    [InlineData("""{"user":"ana","text":"help"}""", "channel")]
    [InlineData("""{"channel":"payments-slo-breaches","text":"help"}""", "user")]
    [InlineData("""{"channel":"payments-slo-breaches","user":"ana"}""", "text")]
    [InlineData("""{"channel":"payments-slo-breaches","user":"ana","text":"  "}""", "text")]
    [InlineData("""{"channel":"","user":"ana","text":"help"}""", "channel")]
    public async Task Command_MissingField_Returns400NamingIt(string body, string field)
    {
        var problem = await PostAsync(Commands, body, HttpStatusCode.BadRequest);

        Assert.Equal([field], Fields(problem));
        Assert.Contains($"{field} is required.", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_NoBody_Returns400NamingEveryField()
    {
        using var response = await host.Client.PostAsync(Commands, new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["channel", "text", "user"], Fields(problem).Order());
    }

    [Fact]
    public async Task Command_MalformedJson_Returns400NamingTheBody()
    {
        var problem = await PostAsync(Commands, """{"channel":"payments-slo-breaches",""", HttpStatusCode.BadRequest);

        Assert.Equal(["body"], Fields(problem));
    }

    [Fact]
    public async Task Action_MessageIdOfTheWrongType_Returns400NamingIt()
    {
        var problem = await PostAsync(Actions, """{"channel":"payments-slo-breaches","user":"ana","action":"incident.resolve","messageId":"the red one"}""", HttpStatusCode.BadRequest);

        Assert.Equal(["messageId"], Fields(problem));
    }

    [Fact]
    public async Task Action_UnknownAction_Returns400NamingItAndTheAllowedOnes()
    {
        var problem = await PostAsync(Actions, """{"channel":"payments-slo-breaches","user":"ana","incidentId":1,"action":"incident.snooze"}""", HttpStatusCode.BadRequest);

        Assert.Equal(["action"], Fields(problem));
        // Notice buttons (handoff.accept, …) follow the incident ones, as many as the host registers.
        Assert.Matches(
            @"^'incident\.snooze' is not an action; use one of: incident\.acknowledge, incident\.resolve, incident\.coordinate, incident\.communicate, incident\.postmortem(, [a-z.]+)*\.$",
            (string?)problem["errors"]!["action"]![0]);
    }

    [Theory]
    [InlineData("""{"channel":"payments-slo-breaches","user":"ana","action":"incident.resolve"}""")]
    [InlineData("""{"channel":"payments-slo-breaches","user":"ana","action":"incident.resolve","messageId":1,"incidentId":1}""")]
    public async Task Action_NotExactlyOneOfMessageIdAndIncidentId_Returns400(string body)
    {
        var problem = await PostAsync(Actions, body, HttpStatusCode.BadRequest);

        Assert.Equal(["messageId"], Fields(problem));
    }

    [Fact]
    public async Task Action_MessageIdNotInTheChannel_Returns404()
    {
        var problem = await PostAsync(Actions, """{"channel":"payments-slo-breaches","user":"ana","action":"incident.acknowledge","messageId":987654}""", HttpStatusCode.NotFound);

        Assert.Equal("Message 987654 is not an incident message in console channel 'payments-slo-breaches'.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task Messages_LimitOutOfRange_Returns400NamingIt(string limit)
    {
        using var response = await host.Client.GetAsync(new Uri($"/api/console/channels/payments-slo-breaches/messages?limit={limit}", UriKind.Relative));

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], Fields(problem));
    }

    [Fact]
    public async Task Messages_ChannelNobodyPostedTo_IsEmpty()
    {
        var messages = await host.Client.GetFromJsonAsync<JsonArray>(new Uri("/api/console/channels/quiet-channel/messages", UriKind.Relative));

        Assert.Empty(messages!);
    }

    private async Task<JsonNode> PostAsync(Uri path, string body, HttpStatusCode status)
    {
        using var response = await host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        return await ProblemDetailsTests.AssertProblemAsync(response, status);
    }

    private static List<string> Fields(JsonNode problem) => [.. problem["errors"]!.AsObject().Select(e => e.Key)];
}
