using System.Net;
using System.Text.Json;
using Bot.Host.Tests.EndToEnd;
using Bot.Slack.Fake;

namespace Bot.Host.Tests.Slack;

/// <summary>
/// The bot against a fake Slack over real HTTP both ways: alerts become channel messages through the Web API, and
/// signed commands, clicks and events come back in the way Slack sends them.
/// </summary>
public sealed class SlackEndToEndTests
{
    private const string GatewayAvailability = "payment-gateway-requests-availability";

    [Fact]
    public async Task Alert_PostsTheIncidentInTheTeamsChannel_WithAnAcknowledgeButton()
    {
        await using var slack = await SlackBot.StartAsync();

        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));

        var message = await slack.SingleMessageAsync(SlackBot.PaymentsChannel);
        Assert.Equal("header", message.BlockTypes[0]);
        Assert.Contains("Card authorisations failing", message.AllText, StringComparison.Ordinal);
        Assert.Contains("incident.acknowledge", message.ActionIds);
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        // The escalation's page (a reply in this thread, a direct message to the main) comes after the post: once it is
        // there, every post the alert causes has been made.
        await slack.PagedAsync("Card authorisations failing");
        await slack.DeliveredAsync();
        Assert.Single(slack.Slack.CallsOf("chat.postMessage"), c => c.Argument("channel") == SlackBot.PaymentsChannel && c.Argument("thread_ts") is null);
        Assert.All(slack.Slack.Calls, c => Assert.Equal($"Bearer {slack.Slack.BotToken}", c.Headers["Authorization"]));
    }

    [Fact]
    public async Task AcknowledgeClick_EditsTheSameMessageWithWhoAndWhen_AndRepliesInItsThread()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        var (posted, page, _, _) = await slack.PagedAsync("Card authorisations failing");

        var click = await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.acknowledge", await IncidentIdAsync(slack));

        Assert.Equal(HttpStatusCode.OK, click.Response.Status);
        var edited = await slack.SingleMessageAsync(SlackBot.PaymentsChannel, m => m.EditCount > 0 && m.Replies.Any(IsAcknowledgement));
        Assert.Equal(posted.Ts, edited.Ts);
        Assert.Contains("Acknowledged", edited.AllText, StringComparison.Ordinal);
        Assert.Contains("by Ana Kovač", edited.AllText, StringComparison.Ordinal);
        Assert.Matches(@"<!date\^\d+\^|\d{4}-\d{2}-\d{2} \d{2}:\d{2}", edited.AllText);
        Assert.DoesNotContain("incident.acknowledge", edited.ActionIds);
        var reply = Assert.Single(edited.Replies, IsAcknowledgement);
        Assert.Contains("Ana Kovač", reply.AllText, StringComparison.Ordinal);
        // The thread holds the escalation's page and the acknowledgement, nothing else.
        Assert.Equal([page.Ts, reply.Ts], edited.Replies.Select(r => r.Ts));
    }

    [Fact]
    public async Task SecondAcknowledgeClick_TellsOnlyTheClickerWhoAcknowledgedFirst()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        var (posted, _, _, _) = await slack.PagedAsync("Card authorisations failing");
        var incident = await IncidentIdAsync(slack);
        await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.acknowledge", incident);
        await slack.SingleMessageAsync(SlackBot.PaymentsChannel, m => m.EditCount > 0 && m.Replies.Any(IsAcknowledgement));

        // Kwame's client still shows the old message with its button.
        var late = await slack.Driver.ClickAsync(SlackBot.Kwame, SlackBot.PaymentsChannel, posted.Ts, "incident.acknowledge", incident);

        Assert.Equal(HttpStatusCode.OK, late.Response.Status);
        var answer = await slack.AnswerAsync(late, SlackBot.Kwame, SlackBot.PaymentsChannel);
        Assert.Contains("already acknowledged by Ana Kovač", answer, StringComparison.Ordinal);
        // Anything the late click had changed would have been queued before its answer.
        await slack.DeliveredAsync();
        var message = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.Single(message.Replies, IsAcknowledgement);
        Assert.DoesNotContain("Kwame", message.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashAck_AcknowledgesTheChannelTeamsIncident_AndUpdatesItsMessage()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        var posted = await slack.SingleMessageAsync(SlackBot.PaymentsChannel);

        var command = await slack.Driver.SlashCommandAsync(SlackBot.Ana, SlackBot.PaymentsChannel, "ack");

        Assert.Equal(HttpStatusCode.OK, command.Response.Status);
        Assert.True(command.Response.Elapsed < SlackDriver.Deadline);
        var answer = await slack.AnswerAsync(command, SlackBot.Ana, SlackBot.PaymentsChannel);
        Assert.Contains("acknowledged by Ana Kovač", answer, StringComparison.Ordinal);
        // Escalation's own step may edit the message too (to the same content), so wait for the acknowledgement's edit by what it shows.
        var edited = await slack.SingleMessageAsync(SlackBot.PaymentsChannel, m => m.EditCount > 0 && !m.ActionIds.Contains("incident.acknowledge"));
        Assert.Equal(posted.Ts, edited.Ts);
        Assert.Contains("by Ana Kovač", edited.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashStatus_ListsTheTeamsOpenIncidents()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        await slack.SingleMessageAsync(SlackBot.PaymentsChannel);
        var incident = await IncidentIdAsync(slack);

        var command = await slack.Driver.SlashCommandAsync(SlackBot.Kwame, "C05CHKSLO02", "status payments");

        Assert.Equal(HttpStatusCode.OK, command.Response.Status);
        var answer = await slack.AnswerAsync(command, SlackBot.Kwame, "C05CHKSLO02");
        Assert.Contains("Team Payments", answer, StringComparison.Ordinal);
        Assert.Contains("Open incidents (1)", answer, StringComparison.Ordinal);
        Assert.Contains($"#{incident}", answer, StringComparison.Ordinal);
        Assert.Contains("Card authorisations failing", answer, StringComparison.Ordinal);
        Assert.Empty(slack.Slack.Messages("C05CHKSLO02"));
    }

    [Fact]
    public async Task SlashStatus_AfterSliPushes_ShowsTheTeamsSlosWorstFirst()
    {
        const string token = "e2e-sli-push-token-0123456789";
        await using var slack = await SlackBot.StartAsync(settings: new Dictionary<string, string> { ["Sli:Token"] = token });
        var end = slack.Clock.GetUtcNow().AddMinutes(-5);
        // Checkout API availability (99.9%): 50 bad of 100,000, half the budget left; latency (95%): 800 slow of 10,000, −60%.
        foreach (var (slo, good, total) in new[] { ("checkout-api-requests-availability", 99_950, 100_000), ("checkout-api-requests-latency", 9_200, 10_000) })
        {
            using var push = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/sli/{slo}", UriKind.Relative))
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { start = end.AddMinutes(-10), end, good, total }),
            };
            push.Headers.Authorization = new("Bearer", token);
            using var pushed = await slack.Bot.Api.SendAsync(push);
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        var command = await slack.Driver.SlashCommandAsync(SlackBot.Kwame, "C05CHKSLO02", "status checkout");

        Assert.Equal(HttpStatusCode.OK, command.Response.Status);
        var answer = await slack.AnswerAsync(command, SlackBot.Kwame, "C05CHKSLO02");
        var latency = answer.IndexOf("Checkout API / requests-latency", StringComparison.Ordinal);
        var availability = answer.IndexOf("Checkout API / requests-availability", StringComparison.Ordinal);
        var cart = answer.IndexOf("Cart / requests-availability", StringComparison.Ordinal);
        Assert.True(latency >= 0 && latency < availability && availability < cart, answer);
        Assert.Contains("−60.0%", answer, StringComparison.Ordinal);
        Assert.Contains("50.0%", answer, StringComparison.Ordinal);
        Assert.Contains("no data: the SLO reads Prometheus, but Prometheus:BaseUrl is not set", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashOverrideThenOnCall_TheCoverIsOnCallForTheTeam()
    {
        await using var slack = await SlackBot.StartAsync();

        var set = await slack.Driver.SlashCommandAsync(SlackBot.Ana, SlackBot.PaymentsChannel, $"override <@{SlackBot.Kwame}|kwame> now +2h");
        var setAnswer = await slack.AnswerAsync(set, SlackBot.Ana, SlackBot.PaymentsChannel);
        var oncall = await slack.Driver.SlashCommandAsync(SlackBot.Ana, SlackBot.PaymentsChannel, "oncall");
        var answer = await slack.AnswerAsync(oncall, SlackBot.Ana, SlackBot.PaymentsChannel);

        Assert.Contains("Kwame Mensah covers Payments primary as main", setAnswer, StringComparison.Ordinal);
        Assert.Contains("Now: Kwame Mensah (covering by override)", answer, StringComparison.Ordinal);
        Assert.Contains("Next handoff:", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashHelp_ListsEveryCommandToTheAskerOnly()
    {
        await using var slack = await SlackBot.StartAsync();

        var command = await slack.Driver.SlashCommandAsync(SlackBot.Kwame, SlackBot.PaymentsChannel, "help");

        Assert.Equal(HttpStatusCode.OK, command.Response.Status);
        var answer = await slack.AnswerAsync(command, SlackBot.Kwame, SlackBot.PaymentsChannel);
        foreach (var verb in new[] { "help", "status [team|service|domain|all]", "ack [incident]", "resolve [incident]" })
        {
            Assert.Contains(verb, answer, StringComparison.Ordinal);
        }
        Assert.Empty(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.DoesNotContain(slack.Slack.ResponseUrlPosts, p => p.Body["response_type"]?.GetValue<string>() == "in_channel");
    }

    [Fact]
    public async Task AppMention_RetriedThreeTimesBySlack_RepliesOnce()
    {
        await using var slack = await SlackBot.StartAsync();

        var deliveries = await slack.Driver.MentionAsync(SlackBot.Ana, SlackBot.PaymentsChannel, "help", "Ev05MENTION1", retries: 3);

        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.True(d.Status is { } s && (int)s is >= 200 and < 300, $"delivery {d.RetryNum} answered {d.Status}"));
        await KestrelBot.Until(() => Task.FromResult(RepliesTo(slack) > 0), "the reply to the mention");
        // Give a wrongly doubled reply the time to arrive: the bot's own queue has drained once nothing is in flight.
        await KestrelBot.Until(() => Task.FromResult(slack.Slack.Calls.Count(c => c.Method.StartsWith("chat.", StringComparison.Ordinal)) == RepliesTo(slack)), "the calls to settle");
        Assert.Equal(1, RepliesTo(slack));

        var mention = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.Contains("status [team|service|domain|all]", Assert.Single(mention.Replies).AllText, StringComparison.Ordinal);

        // Whatever the bot said, anywhere in the channel: its messages, its thread replies, its ephemerals to Ana.
        static int RepliesTo(SlackBot slack) =>
            slack.Slack.Messages(SlackBot.PaymentsChannel).SelectMany(m => m.Replies.Prepend(m)).Count(m => m.BotId is not null)
            + slack.Slack.Ephemerals(SlackBot.PaymentsChannel, SlackBot.Ana).Count;
    }

    [Fact]
    public async Task UrlVerification_AnswersTheChallenge()
    {
        await using var slack = await SlackBot.StartAsync();

        var answer = await slack.Driver.UrlVerificationAsync("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SslCheck_IsAnsweredWithoutASignature_AndDoesNothing()
    {
        await using var slack = await SlackBot.StartAsync();

        var answer = await slack.Driver.SslCheckAsync();

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(slack.Slack.Calls);
        Assert.Empty(slack.Slack.ResponseUrlPosts);
    }

    [Theory]
    [InlineData(SignatureMode.TamperedBody)]
    [InlineData(SignatureMode.Stale)]
    [InlineData(SignatureMode.WrongSecret)]
    [InlineData(SignatureMode.Missing)]
    public async Task BadlySignedRequests_Are401AndChangeNothing(SignatureMode signature)
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        // The alert's own calls (the post, the escalation's page and direct message) are over before counting.
        var (posted, _, _, _) = await slack.PagedAsync("Card authorisations failing");
        await slack.DeliveredAsync();
        var callsBefore = slack.Slack.Calls.Count;
        // Escalation may have edited the message once already (its step moves the incident's version), so count from here.
        var editsBefore = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel)).EditCount;

        var click = await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.acknowledge", await IncidentIdAsync(slack), signature);
        var command = await slack.Driver.SlashCommandAsync(SlackBot.Ana, SlackBot.PaymentsChannel, "ack", signature);
        var verification = await slack.Driver.UrlVerificationAsync("challenge-never-echoed", signature);

        Assert.Equal(HttpStatusCode.Unauthorized, click.Response.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, command.Response.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, verification.Status);
        Assert.DoesNotContain("challenge-never-echoed", verification.Body, StringComparison.Ordinal);
        var incident = Assert.Single(await slack.Bot.IncidentsAsync("?team=payments"));
        Assert.Equal("open", incident.GetProperty("state").GetString());
        Assert.Equal(callsBefore, slack.Slack.Calls.Count);
        Assert.Empty(slack.Slack.ResponseUrlPosts);
        Assert.Equal(editsBefore, Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel)).EditCount);
    }

    /// <summary>The thread reply an acknowledgement adds (the escalation's page is the other reply there).</summary>
    private static bool IsAcknowledgement(SlackMessage reply) => reply.AllText.Contains("Acknowledged by", StringComparison.Ordinal);

    private static async Task<string> IncidentIdAsync(SlackBot slack)
    {
        var incident = Assert.Single(await slack.Bot.IncidentsAsync("?team=payments"));
        return incident.GetProperty("id").ValueKind == JsonValueKind.Number
            ? incident.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : incident.GetProperty("id").GetString()!;
    }
}
