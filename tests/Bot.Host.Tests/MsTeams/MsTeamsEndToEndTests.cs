using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.Storage;
using Bot.Host.Tests.EndToEnd;
using Bot.MsTeams.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.MsTeams;

/// <summary>
/// The bot against a fake Microsoft Teams over real HTTP both ways: alerts become cards in the team's channel through
/// the Bot Connector, and signed activities (mentions, card clicks, installs) come back the way Bot Framework sends them.
/// A new incident also starts its team's escalation, which may page the main on call in the incident's thread (and in
/// their personal chat) at any moment, so the tests find messages by what they say rather than by count or position.
/// </summary>
public sealed partial class MsTeamsEndToEndTests
{
    private const string Acknowledge = "incident.acknowledge";

    [Fact]
    public async Task Alert_AfterTheBotJoinedTheTeam_PostsTheIncidentCardIntoTheTeamsChannel()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();

        await teams.PostAlertAsync();

        var post = await teams.SinglePostAsync();
        Assert.Contains("#1 SLO breach", post.AllText, StringComparison.Ordinal);
        Assert.Contains(Acknowledge, post.Verbs);
        Assert.NotNull(post.Card);
        var create = Assert.Single(teams.ChannelPostsCreated(), r => r.Status == 201);
        Assert.StartsWith("Bearer ", create.Headers["Authorization"], StringComparison.Ordinal);
        var reference = Assert.Single(await teams.Bot.Services.GetRequiredService<IMsTeamsConversationStore>().ListAsync(CancellationToken.None));
        Assert.Equal(teams.Teams.ServiceUrl.ToString(), reference.ServiceUrl);
    }

    [Fact]
    public async Task Alert_BeforeTheBotHeardFromTheTenant_WaitsAndIsPostedOnceTheBotIsAdded()
    {
        await using var teams = await TeamsBot.StartAsync();

        await teams.PostAlertAsync();
        await KestrelBot.Until(async () => (await teams.Bot.IncidentsAsync()).Count == 1, "the incident");
        Assert.Empty(teams.BotPosts());

        await teams.AddToPaymentsTeamAsync();

        var post = await teams.SinglePostAsync();
        Assert.Contains("#1 SLO breach", post.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAcknowledge_AnswersWithTheUpdatedCard_AndUpdatesTheChannelMessageAndTheSlackCopy()
    {
        await using var teams = await TeamsBot.StartAsync(withSlack: true);
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        await KestrelBot.Until(() => Task.FromResult(teams.Slack!.Messages(TeamsBot.SlackPaymentsChannel).Count == 1), "the Slack copy");

        var click = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, Acknowledge);

        Assert.Equal(HttpStatusCode.OK, click.Status);
        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), (click.InvokeStatusCode, click.InvokeType));
        var answered = Readable(click.InvokeValue);
        Assert.Contains("Ana Kovač", answered, StringComparison.Ordinal);
        Assert.DoesNotContain(Acknowledge, answered, StringComparison.Ordinal);

        var updated = await teams.SinglePostAsync(until: m => !m.Verbs.Contains(Acknowledge) && m.Replies.Any(r => !IsEscalationPage(r)));
        Assert.Equal(post.Id, updated.Id);
        Assert.True(updated.EditCount > 0);
        Assert.Contains("by Ana Kovač", updated.AllText, StringComparison.Ordinal);
        Assert.Contains("Acknowledged by Ana Kovač", Assert.Single(updated.Replies, r => !IsEscalationPage(r)).AllText, StringComparison.Ordinal);

        await KestrelBot.Until(() => Task.FromResult(teams.Slack!.Messages(TeamsBot.SlackPaymentsChannel) is [{ EditCount: > 0 }]), "the Slack copy edited");
        Assert.Contains("by Ana Kovač", teams.Slack!.Messages(TeamsBot.SlackPaymentsChannel)[0].AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondExecuteAcknowledge_ShowsTheCardNamingTheFirstAcknowledger_AndChangesNothing()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, Acknowledge);
        await teams.SinglePostAsync(until: m => !m.Verbs.Contains(Acknowledge) && m.Replies.Any(r => !IsEscalationPage(r)));

        // Kwame's client still shows the first card, with its button.
        var late = await teams.Driver.ExecuteActionAsync(TeamsBot.Kwame, post.Id, Acknowledge, data: new JsonObject { ["incidentId"] = 1 });

        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), (late.InvokeStatusCode, late.InvokeType));
        Assert.Contains("Ana Kovač", Readable(late.InvokeValue), StringComparison.Ordinal);
        Assert.DoesNotContain("Kwame", Readable(late.InvokeValue), StringComparison.Ordinal);
        Assert.Contains("Acknowledged by Ana Kovač", Assert.Single(teams.BotPosts()[0].Replies, r => !IsEscalationPage(r)).AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAcknowledge_BySomeoneOutsideTheTeam_IsRefusedWithAMessage_AndTheIncidentStaysOpen()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();

        var click = await teams.Driver.ExecuteActionAsync(TeamsBot.Stranger, post.Id, Acknowledge);

        Assert.Equal((200, "application/vnd.microsoft.activity.message"), (click.InvokeStatusCode, click.InvokeType));
        Assert.Contains("Only members of team 'payments'", click.InvokeValue!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("open", (await teams.Bot.IncidentsAsync())[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task SubmitFallback_ResolvesTheIncident_AndAnswersInTheThread()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();

        var submit = await teams.Driver.SubmitActionAsync(TeamsBot.Kwame, post.Id, new JsonObject { ["action"] = "incident.resolve", ["incidentId"] = 1 });

        Assert.Equal(HttpStatusCode.OK, submit.Status);
        Assert.Equal("", submit.Body);
        var updated = await teams.SinglePostAsync(until: m => !m.Verbs.Contains("incident.resolve") && m.Replies.Any(r => r.AllText.Contains("resolved by Kwame Mensah", StringComparison.Ordinal)));
        Assert.True(updated.EditCount > 0);
        Assert.Contains("Resolved", updated.AllText, StringComparison.Ordinal);
        Assert.Equal("resolved", (await teams.Bot.IncidentsAsync())[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task MentionHelp_AnswersWithEveryVerbInTheMentionsThread()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();

        var mention = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "help");

        Assert.Equal(HttpStatusCode.OK, mention.Status);
        Assert.Equal("", mention.Body);
        var thread = Assert.Single(teams.Teams.Posts(TeamsBot.PaymentsChannel), p => p.Id == (string?)mention.Activity["id"]);
        var answer = Assert.Single(thread.Replies, r => r.FromBot);
        Assert.Contains("SLO Bot commands", answer.AllText, StringComparison.Ordinal);
        Assert.Contains("Acknowledge an incident", answer.AllText, StringComparison.Ordinal);
        Assert.Contains("oncall", answer.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionStatus_InTheTeamsChannel_ListsItsOpenIncidents()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        await teams.SinglePostAsync();

        var mention = await teams.Driver.MentionAsync(TeamsBot.Kwame, TeamsBot.PaymentsChannel, "status");

        var thread = Assert.Single(teams.Teams.Posts(TeamsBot.PaymentsChannel), p => p.Id == (string?)mention.Activity["id"]);
        var answer = Assert.Single(thread.Replies, r => r.FromBot).AllText;
        Assert.Contains("Team Payments", answer, StringComparison.Ordinal);
        Assert.Contains("Open incidents (1)", answer, StringComparison.Ordinal);
        Assert.Contains("#1", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionAck_WithoutAnId_AcknowledgesTheChannelTeamsLatestIncident()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        await teams.SinglePostAsync();

        await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "ack");

        var updated = await teams.SinglePostAsync(until: m => !m.Verbs.Contains(Acknowledge));
        Assert.Contains("by Ana Kovač", updated.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionRotateThenOnCall_AsksToConfirm_ThenHandsOver()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();

        var ask = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "rotate");
        var confirm = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "rotate payments confirm");
        var oncall = await teams.Driver.MentionAsync(TeamsBot.Kwame, TeamsBot.PaymentsChannel, "oncall");

        string AnswerTo(TeamsDelivery mention) =>
            Assert.Single(Assert.Single(teams.Teams.Posts(TeamsBot.PaymentsChannel), p => p.Id == (string?)mention.Activity["id"]).Replies, r => r.FromBot).AllText;
        Assert.Contains("Hand over now?", AnswerTo(ask), StringComparison.Ordinal);
        Assert.Contains("Handed over:", AnswerTo(confirm), StringComparison.Ordinal);
        Assert.Contains("(covering by override)", AnswerTo(oncall), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionOverride_OfAPersonByTeamsMention_PutsThemOnCall()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();

        var set = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "override <at>Kwame Mensah</at> now +1h");

        var answer = Assert.Single(Assert.Single(teams.Teams.Posts(TeamsBot.PaymentsChannel), p => p.Id == (string?)set.Activity["id"]).Replies, r => r.FromBot).AllText;
        Assert.Contains("Kwame Mensah covers Payments primary as main", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalChat_StatusAfterSliPushes_ShowsThePushedSlosWorstFirst()
    {
        const string token = "e2e-sli-push-token-0123456789";
        await using var teams = await TeamsBot.StartAsync(settings: new Dictionary<string, string> { ["Sli:Token"] = token });
        var end = DateTimeOffset.UtcNow.AddMinutes(-5);
        // Payment Gateway availability (99.95%): 75 bad of 100,000, −50% left; latency (99%): 500 slow of 100,000, 50% left.
        foreach (var (slo, good, total) in new[] { ("payment-gateway-requests-availability", 99_925, 100_000), ("payment-gateway-requests-latency", 99_500, 100_000) })
        {
            using var push = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/sli/{slo}", UriKind.Relative))
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { start = end.AddMinutes(-10), end, good, total }),
            };
            push.Headers.Authorization = new("Bearer", token);
            using var pushed = await teams.Bot.Api.SendAsync(push);
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        var message = await teams.Driver.PersonalMessageAsync(TeamsBot.Ana, "status payment-gateway");

        Assert.Equal(HttpStatusCode.OK, message.Status);
        var answer = Assert.Single(teams.Teams.ChatMessages(TeamsBot.Ana.Id), m => m.FromBot).AllText;
        var availability = answer.IndexOf("requests-availability", StringComparison.Ordinal);
        var latency = answer.IndexOf("requests-latency", StringComparison.Ordinal);
        Assert.True(availability >= 0 && availability < latency, answer);
        Assert.Contains("−50.0%", answer, StringComparison.Ordinal);
        Assert.Contains("50.0%", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalChat_StatusWithoutAMention_AnswersInThatChat()
    {
        await using var teams = await TeamsBot.StartAsync();

        var message = await teams.Driver.PersonalMessageAsync(TeamsBot.Ana, "status payments");

        Assert.Equal(HttpStatusCode.OK, message.Status);
        var answer = Assert.Single(teams.Teams.ChatMessages(TeamsBot.Ana.Id), m => m.FromBot);
        Assert.Contains("Team Payments", answer.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Open incidents (", answer.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryForgedOrBrokenToken_IsRefusedWithNothingProcessed()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        var store = teams.Bot.Services.GetRequiredService<IMsTeamsConversationStore>();
        var referencesBefore = await store.ListAsync(CancellationToken.None);

        foreach (var fault in Enum.GetValues<TokenFault>().Where(f => f != TokenFault.None))
        {
            var click = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, Acknowledge, fault: fault);
            var mention = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "ack #1", fault: fault);

            var expected = fault == TokenFault.UnendorsedKey ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.True(click.Status == expected, $"{fault}: the click got {click.Status}, expected {expected}");
            Assert.True(mention.Status == expected, $"{fault}: the mention got {mention.Status}, expected {expected}");
        }

        Assert.Equal("open", (await teams.Bot.IncidentsAsync())[0].GetProperty("state").GetString());
        // No answer in any thread (escalation's pages aside), and the card still offers Acknowledge.
        Assert.DoesNotContain(teams.Teams.Posts(TeamsBot.PaymentsChannel).SelectMany(p => p.Replies), r => !IsEscalationPage(r));
        Assert.Contains(Acknowledge, teams.BotPosts()[0].Verbs);
        Assert.Equal(referencesBefore, await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SigningKeyRotatedMidRun_NextActivityIsAccepted_AfterOneRefetch()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var fetchesBefore = teams.Teams.KeysFetches;

        teams.Teams.RotateSigningKey(keepPrevious: false);
        var mention = await teams.Driver.MentionAsync(TeamsBot.Ana, TeamsBot.PaymentsChannel, "help");

        Assert.Equal(HttpStatusCode.OK, mention.Status);
        Assert.Equal(fetchesBefore + 1, teams.Teams.KeysFetches);
        var thread = Assert.Single(teams.Teams.Posts(TeamsBot.PaymentsChannel), p => p.Id == (string?)mention.Activity["id"]);
        Assert.Single(thread.Replies, r => r.FromBot);
    }

    [Fact]
    public async Task InvokeOtherThanACardAction_Is501_AndACardActionWithoutAVerbIs400()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        var click = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, Acknowledge);

        var other = (JsonObject)click.Activity.DeepClone();
        other["name"] = "composeExtension/query";
        var unknown = await teams.Driver.SendAsync(other);
        var broken = (JsonObject)click.Activity.DeepClone();
        broken["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Submit" } };
        var bad = await teams.Driver.SendAsync(broken);

        Assert.Equal(HttpStatusCode.NotImplemented, unknown.Status);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal((400, "application/vnd.microsoft.error"), (bad.InvokeStatusCode, bad.InvokeType));
    }

    [Fact]
    public async Task BotRemovedFromTheTeam_ItsConversationIsNoLongerListed()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var store = teams.Bot.Services.GetRequiredService<IMsTeamsConversationStore>();
        Assert.Single(await store.ListAsync(CancellationToken.None));

        var removed = await teams.Driver.InstallationUpdateAsync(TeamsBot.Ana, TeamsBot.PaymentsTeam, added: false);

        Assert.Equal(HttpStatusCode.OK, removed.Status);
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConnectorThrottlingAndFailing_ThePostIsRetriedHonouringRetryAfter_AndMadeExactlyOnce()
    {
        // Escalation off: its page opens a personal chat with the same operation, which would take some of the injected failures.
        await using var teams = await TeamsBot.StartAsync(settings: new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });
        await teams.AddToPaymentsTeamAsync();
        teams.Teams.FailNext(TeamsOperation.CreateConversation, 1, FakeTeamsFailure.Throttled(TimeSpan.FromSeconds(1)));
        teams.Teams.FailNext(TeamsOperation.CreateConversation, 1, FakeTeamsFailure.PreconditionFailed);
        teams.Teams.FailNext(TeamsOperation.CreateConversation, 1, FakeTeamsFailure.BadGateway);
        teams.Teams.FailNext(TeamsOperation.CreateConversation, 1, FakeTeamsFailure.GatewayTimeout);

        await teams.PostAlertAsync();

        await teams.SinglePostAsync();
        var attempts = teams.ChannelPostsCreated();
        Assert.Equal([429, 412, 502, 504, 201], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1), "the second attempt came before Retry-After");
    }

    [Fact]
    public async Task BurstOf50Incidents_IntoOneChannel_IsDeliveredCompletely_UnderTeamsRateLimits()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();

        for (var i = 1; i <= 50; i++)
        {
            await teams.PostAlertAsync(region: $"region-{i:00}");
        }

        await KestrelBot.Until(() => Task.FromResult(teams.BotPosts().Count >= 50), "50 cards", seconds: 120);
        var posts = teams.BotPosts();
        Assert.Equal(50, posts.Count);
        var numbers = posts.Select(p => System.Text.RegularExpressions.Regex.Match(p.AllText, @"#(\d+) SLO breach").Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbers);
        Assert.Empty(teams.Teams.RateLimited);
    }

    /// <summary>A reply of escalation in an incident's thread: "Paging @main (main, step 1 of 12)", "Not acknowledged after 15 min: paging …".</summary>
    private static bool IsEscalationPage(TeamsMessage reply) => reply.FromBot && EscalationPage().IsMatch(reply.Text ?? "");

    [GeneratedRegex(@"^(Paging|Not acknowledged after [^:]+: paging) .+ \([\w ]+, step \d+ of \d+\)$")]
    private static partial Regex EscalationPage();

    /// <summary>A card as JSON text with its non-ASCII letters as they are (the default writer escapes them).</summary>
    private static string Readable(JsonNode? card) =>
        card!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
