using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// A notice's button pressed with a bad request gets a 400 (or 404) problem that names what is wrong. One host with a
/// notice button (<see cref="TakeNoticeAction"/>) and one open notice in the payments channel, shared: nothing here changes it.
/// </summary>
public sealed class ConsoleNoticeValidationTests(ConsoleNoticeValidationTests.Fixture host) : IClassFixture<ConsoleNoticeValidationTests.Fixture>
{
    private const string PaymentsChannel = "payments-slo-breaches";
    private static readonly Uri Actions = new("/api/console/actions", UriKind.Relative);

    [Fact]
    public async Task NoticeButton_UnknownNoticeId_Returns404NamingIt()
    {
        var problem = await PostAsync($$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"test.take","noticeId":987654}""", HttpStatusCode.NotFound);

        Assert.Equal("There is no notice 987654.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task NoticeButton_MessageIdNotInTheChannel_Returns404()
    {
        var problem = await PostAsync($$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"test.take","messageId":987654}""", HttpStatusCode.NotFound);

        Assert.Equal($"Message 987654 is not a notice message in console channel '{PaymentsChannel}'.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task NoticeButton_MessageIdOfTheNoticeInAnotherChannel_Returns404()
    {
        var problem = await PostAsync(
            $$"""{"channel":"dm:kwame","user":"kwame","action":"test.take","messageId":{{host.NoticeMessageId}}}""", HttpStatusCode.NotFound);

        Assert.Equal($"Message {host.NoticeMessageId} is not a notice message in console channel 'dm:kwame'.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task IncidentButton_OnANoticesMessage_Returns404()
    {
        var problem = await PostAsync(
            $$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"incident.acknowledge","messageId":{{host.NoticeMessageId}}}""", HttpStatusCode.NotFound);

        Assert.Equal($"Message {host.NoticeMessageId} is not an incident message in console channel '{PaymentsChannel}'.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("\"seven\"")]
    [InlineData("7.5")]
    [InlineData("0")]
    [InlineData("-7")]
    public async Task NoticeButton_MalformedNoticeId_Returns400NamingIt(string noticeId)
    {
        var problem = await PostAsync(
            $$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"test.take","noticeId":{{noticeId}}}""", HttpStatusCode.BadRequest);

        Assert.Equal(["noticeId"], Fields(problem));
        Assert.Contains("noticeId", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoticeButton_WithAnIncidentId_Returns400NamingIt()
    {
        var problem = await PostAsync($$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"test.take","incidentId":1}""", HttpStatusCode.BadRequest);

        Assert.Equal(["incidentId"], Fields(problem));
        Assert.Equal(
            "'test.take' is a notice button: name the notice by noticeId or by its messageId, not by incidentId.",
            (string?)problem["errors"]!["incidentId"]![0]);
    }

    [Fact]
    public async Task IncidentButton_WithANoticeId_Returns400NamingIt()
    {
        var problem = await PostAsync(
            $$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"incident.resolve","noticeId":{{host.NoticeId}}}""", HttpStatusCode.BadRequest);

        Assert.Equal(["noticeId"], Fields(problem));
    }

    [Theory]
    [InlineData("""{"channel":"payments-slo-breaches","user":"kwame","action":"test.take"}""")]
    [InlineData("""{"channel":"payments-slo-breaches","user":"kwame","action":"test.take","messageId":1,"noticeId":1}""")]
    public async Task NoticeButton_NotExactlyOneOfMessageIdAndNoticeId_Returns400(string body)
    {
        var problem = await PostAsync(body, HttpStatusCode.BadRequest);

        Assert.Equal(["messageId"], Fields(problem));
        Assert.Equal("give exactly one of messageId (the notice's id in the channel) and noticeId.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task UnknownAction_ListsTheNoticeButtonsToo()
    {
        var problem = await PostAsync($$"""{"channel":"{{PaymentsChannel}}","user":"kwame","action":"test.drop","noticeId":1}""", HttpStatusCode.BadRequest);

        Assert.Equal(["action"], Fields(problem));
        var error = (string?)problem["errors"]!["action"]![0];
        Assert.StartsWith("'test.drop' is not an action; use one of: incident.acknowledge, incident.resolve, incident.coordinate, incident.communicate, incident.postmortem, ", error, StringComparison.Ordinal);
        Assert.Contains("test.take", error, StringComparison.Ordinal);
    }

    private async Task<JsonNode> PostAsync(string body, HttpStatusCode status)
    {
        using var response = await host.Bot.Client.PostAsync(Actions, new StringContent(body, Encoding.UTF8, "application/json"));
        return await ProblemDetailsTests.AssertProblemAsync(response, status);
    }

    private static List<string> Fields(JsonNode problem) => [.. problem["errors"]!.AsObject().Select(e => e.Key)];

    /// <summary>The host with the test notice button, and one open notice delivered to the payments channel.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal ConsoleBot Bot { get; } = new(configureServices: TakeNoticeAction.Register);

        public long NoticeId { get; private set; }

        public long NoticeMessageId { get; private set; }

        public async Task InitializeAsync()
        {
            var notice = await Bot.StoreNoticeAsync(TakeNoticeAction.OpenNotice("cover:validation", ConsoleBot.Now), "console:" + PaymentsChannel);
            NoticeId = notice.Id;
            var posted = Assert.Single(await Bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count == 1, "the notice"));
            NoticeMessageId = posted.MessageId!.Value;
        }

        public Task DisposeAsync() => Bot.DisposeAsync().AsTask();
    }
}
