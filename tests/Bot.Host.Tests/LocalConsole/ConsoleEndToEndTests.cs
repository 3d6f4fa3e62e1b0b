using System.Text.Json.Nodes;
using Bot.Core.Commands;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// The bot's main job with no chat platform configured, seen through the console: an alert comes in over the
/// webhook, its incident card appears in the owning team's console channel, and people act on it from there.
/// </summary>
/// <remarks>
/// The team's escalation may page someone in the card's thread ("Paging @ana …") at any moment after the card is
/// posted, so these tests find the card and the replies they await by what they are, never by count or position.
/// </remarks>
public sealed class ConsoleEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    [Fact]
    public async Task Ack_OnOpenIncident_EditsTheSameCardWithWhoAndWhenAndRepliesInItsThread()
    {
        await using var bot = new ConsoleBot();
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var card = Card(await bot.WaitForChannelAsync(PaymentsChannel, HasCard, "the incident card"));
        var incidentId = (long)card["body"]!["incidentId"]!;
        Assert.Equal("open", (string?)card["body"]!["state"]);
        Assert.Contains("SLO breach", (string?)card["body"]!["headline"], StringComparison.Ordinal);
        Assert.Contains(Fields(card), f => f == ("Service", "Payment Gateway"));
        Assert.Empty(await bot.MessagesAsync("checkout-slo-breaches"));

        bot.Clock.Advance(TimeSpan.FromMinutes(3));
        var ack = await bot.CommandAsync(PaymentsChannel, "ana", "ack");

        Assert.True(ack.Ok);
        Assert.Equal($"Incident #{incidentId} acknowledged by Ana Kovač.", ack.Text);
        var messages = await bot.WaitForChannelAsync(
            PaymentsChannel, m => State(m) == "acknowledged" && HasReply(m, Acknowledged), "the card acknowledged and a thread reply");
        var edited = Card(messages);
        Assert.Equal((long)card["id"]!, (long)edited["id"]!);
        Assert.NotNull((string?)edited["editedAt"]);
        Assert.Contains(Fields(edited), f => f == ("Acknowledged", "by Ana Kovač at 2026-05-04 10:23 UTC"));
        Assert.DoesNotContain(ActionIds(edited), id => id == "incident.acknowledge");
        var reply = Reply(messages, Acknowledged);
        Assert.Equal((long)card["id"]!, reply.ThreadId);
        Assert.Contains("Ana Kovač", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_Twice_SecondSaysWhoAcknowledgedFirstAndChangesNothing()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);
        await bot.CommandAsync(PaymentsChannel, "ana", "ack");
        // Once the acknowledgement's reply is in, nothing more comes: an acknowledged incident pages nobody.
        var before = await bot.WaitForChannelAsync(PaymentsChannel, m => HasReply(m, Acknowledged), "the acknowledgement delivered");

        var second = await bot.CommandAsync(PaymentsChannel, "kwame", $"ack #{incidentId}");

        Assert.True(second.Ok);
        Assert.Equal($"Incident #{incidentId} was already acknowledged by Ana Kovač at 2026-05-04 10:20:00Z.", second.Text);
        var after = await bot.WaitForChannelAsync(PaymentsChannel, _ => true, "anything");
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Ack_ByMemberOfAnotherTeam_IsRefusedWithTheReasonAndLeavesTheCardOpen()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);

        var refused = await bot.CommandAsync(PaymentsChannel, "diego", $"ack #{incidentId}");

        Assert.False(refused.Ok);
        Assert.Equal($"Only members of team 'payments' and admins may acknowledge incident #{incidentId}; Diego Alves is not one.", refused.Text);
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, _ => true, "anything");
        Assert.Equal("open", State(messages));
        Assert.False(HasReply(messages, Acknowledged));
    }

    [Fact]
    public async Task Ack_ByUserNotInTheCatalog_RunsAsNonMemberAndIsRefused()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);

        var refused = await bot.CommandAsync(PaymentsChannel, "mallory", "ack");

        Assert.False(refused.Ok);
        Assert.Equal($"Only members of team 'payments' and admins may acknowledge incident #{incidentId}; mallory is not one.", refused.Text);
    }

    [Fact]
    public async Task Help_ListsEveryVerb()
    {
        await using var bot = new ConsoleBot();

        var help = await bot.CommandAsync(PaymentsChannel, "ana", "help");

        Assert.True(help.Ok);
        Assert.All(CommandGrammar.Verbs, verb => Assert.Contains($"• {verb.Syntax} — ", help.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownVerb_AnswersWithTheVerbsAndUsage()
    {
        await using var bot = new ConsoleBot();

        var answer = await bot.CommandAsync(PaymentsChannel, "ana", "frobnicate now");

        Assert.False(answer.Ok);
        Assert.StartsWith("'frobnicate' is not a command. Try one of: help, status, ack", answer.Text, StringComparison.Ordinal);
        Assert.EndsWith("Usage: help", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAction_OnTheCard_EditsItAgainAndLeavesOnlyThePostmortemButton()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);
        await bot.CommandAsync(PaymentsChannel, "ana", "ack");
        var card = Card(await bot.WaitForChannelAsync(PaymentsChannel, m => HasReply(m, Acknowledged), "the acknowledgement delivered"));
        bot.Clock.Advance(TimeSpan.FromMinutes(30));

        var resolved = await bot.ActionAsync(PaymentsChannel, "mei", "incident.resolve", messageId: (long)card["id"]!);

        Assert.True(resolved.Ok);
        Assert.Equal($"Incident #{incidentId} resolved by Mei Tan.", resolved.Text);
        var messages = await bot.WaitForChannelAsync(
            PaymentsChannel, m => State(m) == "resolved" && HasReply(m, "Resolved by Mei Tan"), "the card resolved and a second thread reply");
        var edited = Card(messages);
        Assert.Equal((long)card["id"]!, (long)edited["id"]!);
        Assert.Contains(Fields(edited), f => f == ("Resolved", "by Mei Tan at 2026-05-04 10:50 UTC"));
        Assert.Contains(Fields(edited), f => f == ("Acknowledged", "by Ana Kovač at 2026-05-04 10:20 UTC"));
        Assert.Equal(["incident.postmortem"], ActionIds(edited));
        Assert.Equal((long)card["id"]!, Reply(messages, "Resolved by Mei Tan").ThreadId);
    }

    [Fact]
    public async Task AcknowledgeAction_ByIncidentId_AcknowledgesLikeTheCommand()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);

        var answer = await bot.ActionAsync(PaymentsChannel, "kwame", "incident.acknowledge", incidentId: incidentId);

        Assert.True(answer.Ok);
        Assert.Equal($"Incident #{incidentId} acknowledged by Kwame Mensah.", answer.Text);
        await bot.WaitForChannelAsync(PaymentsChannel, m => State(m) == "acknowledged", "the card acknowledged");
    }

    [Fact]
    public async Task PostmortemButton_StartsThePostmortem_ASecondClickFindsIt()
    {
        await using var bot = new ConsoleBot();
        var incidentId = await OpenPaymentsIncidentAsync(bot);

        var answer = await bot.ActionAsync(PaymentsChannel, "ana", "incident.postmortem", incidentId: incidentId);
        var again = await bot.ActionAsync(PaymentsChannel, "kwame", "incident.postmortem", incidentId: incidentId);

        Assert.True(answer.Ok, answer.Text);
        Assert.StartsWith("Postmortem PM-1 started by Ana Kovač", answer.Text, StringComparison.Ordinal);
        Assert.True(again.Ok, again.Text);
        Assert.StartsWith($"Incident #{incidentId} already has postmortem PM-1", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnroutedAlert_LandsInTheUnroutedChannelWithItsReason()
    {
        await using var bot = new ConsoleBot();

        await bot.SendAlertmanagerAsync(AlertmanagerPayload.Unknown(ConsoleBot.Now.AddMinutes(-1)));

        var card = Single(await bot.WaitForChannelAsync("unrouted-slo-breaches", m => m.Count == 1, "the unrouted incident card"));
        Assert.Contains(
            Fields(card),
            f => f == ("Unrouted", "no catalog SLO matchers matched and no catalog SLO, service or team is named by service=\"mystery-queue\""));
        Assert.Empty(await bot.MessagesAsync(PaymentsChannel));
    }

    [Fact]
    public async Task Messages_Limit_ReturnsTheNewestOldestFirst()
    {
        await using var bot = new ConsoleBot();
        await OpenPaymentsIncidentAsync(bot);
        await bot.CommandAsync(PaymentsChannel, "ana", "ack");
        var all = await bot.WaitForChannelAsync(PaymentsChannel, m => HasReply(m, Acknowledged), "card and reply");

        using var response = await bot.Client.GetAsync(new Uri($"/api/console/channels/{PaymentsChannel}/messages?limit=1", UriKind.Relative));

        var newest = Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray());
        Assert.Equal((long)all[^1]!["id"]!, (long)newest["id"]!);
        Assert.True(all.Count > 1);
    }

    /// <summary>Sends the Payment Gateway burn and waits for its card in the payments channel; returns the incident id.</summary>
    private static async Task<long> OpenPaymentsIncidentAsync(ConsoleBot bot)
    {
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var card = Card(await bot.WaitForChannelAsync(PaymentsChannel, HasCard, "the incident card"));
        return (long)card["body"]!["incidentId"]!;
    }

    private const string Acknowledged = "Acknowledged by";

    private static JsonNode Single(JsonArray messages) => Assert.Single(messages)!;

    private static bool HasCard(JsonArray messages) => messages.Any(m => m!["threadId"] is null);

    /// <summary>The channel's one incident card (its replies aside).</summary>
    private static JsonNode Card(JsonArray messages) => Assert.Single(messages, m => m!["threadId"] is null)!;

    private static string? State(JsonArray messages) =>
        messages.FirstOrDefault(m => m!["threadId"] is null) is { } card ? (string?)card["body"]!["state"] : null;

    private static bool HasReply(JsonArray messages, string start) =>
        ConsoleBot.RepliesIn(messages).Any(r => r.Text.StartsWith(start, StringComparison.Ordinal));

    private static ConsoleThreadReply Reply(JsonArray messages, string start) =>
        Assert.Single(ConsoleBot.RepliesIn(messages), r => r.Text.StartsWith(start, StringComparison.Ordinal));

    private static List<(string, string)> Fields(JsonNode message) =>
        [.. message["body"]!["fields"]!.AsArray().Select(f => ((string)f!["name"]!, (string)f["value"]!))];

    private static List<string> ActionIds(JsonNode message) =>
        [.. message["body"]!["actions"]!.AsArray().Select(a => (string)a!["id"]!)];
}
