using System.Text.Json.Nodes;

namespace Bot.Host.Tests.LocalConsole;

/// <summary><c>incident &lt;id&gt; priority|severity … [why]</c> typed into the console: the card, its thread and the refusals.</summary>
public sealed class ConsoleClassificationTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    private static async Task<long> OpenIncidentAsync(ConsoleBot bot)
    {
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        return (long)Card(messages)["body"]!["incidentId"]!;
    }

    private static JsonNode Card(JsonArray messages) => messages.Single(m => m!["threadId"] is null)!;

    [Fact]
    public async Task Priority_ByATeamMember_EditsTheCard_AndSaysWhoAndWhyInTheThread()
    {
        await using var bot = new ConsoleBot(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });
        var id = await OpenIncidentAsync(bot);

        var answer = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} priority P2 workaround in place");

        const string Text = "Priority changed from P1 to P2 by Ana Kovač: workaround in place";
        Assert.True(answer.Ok, answer.Text);
        Assert.Equal($"Incident #{id}: {Text}.", answer.Text);
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, m => ConsoleBot.RepliesIn(m).Any(r => r.Text == Text), "the change in the thread");
        Assert.Equal("P2", (string?)Card(messages)["body"]!["priority"]);
    }

    [Fact]
    public async Task Severity_ThenAPriorityTheCatalogDoesNotDefine_IsRefusedNamingTheDefinedOnes()
    {
        await using var bot = new ConsoleBot(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });
        var id = await OpenIncidentAsync(bot);

        var severity = await bot.CommandAsync(PaymentsChannel, "ana", $"incident {id} severity warning");
        var undefined = await bot.CommandAsync(PaymentsChannel, "ana", $"incident {id} priority P5");

        Assert.True(severity.Ok, severity.Text);
        Assert.Equal($"Incident #{id}: Severity changed from critical to warning by Ana Kovač.", severity.Text);
        Assert.False(undefined.Ok);
        Assert.Equal("P5 is not a priority the catalog defines; use P1, P2, P3.", undefined.Text);
    }
}
