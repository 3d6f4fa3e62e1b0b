using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Host.Tests.EndToEnd;
using Bot.Slack.Fake;

namespace Bot.Host.Tests.Slack;

/// <summary>
/// Issue #8 from Slack against the fake Slack: the incident message's severity menu reclassifies the incident and every
/// copy (the channel's and the on-call's direct message) is edited; after resolution, the Start postmortem button opens
/// the postmortem in a modal (<c>views.open</c> with the click's trigger), and the submitted modal's Summary is in the
/// postmortem's Markdown.
/// </summary>
public sealed class SlackIncidentFormsEndToEndTests
{
    private const string GatewayAvailability = "payment-gateway-requests-availability";
    private const string Title = "Card authorisations failing";

    [Fact]
    public async Task SeverityMenu_ThenPostmortemModal_EditsEveryCopyAndTheSummary()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", Title));
        var (posted, _, directChannel, direct) = await slack.PagedAsync(Title);
        var incident = await IncidentIdAsync(slack);
        Assert.Contains("incident.priority", posted.ActionIds);
        Assert.Equal($"{incident}:P1", InitialValue(posted, "incident.priority"));
        var before = InitialValue(posted, "incident.severity");
        var chosen = before == $"{incident}:critical" ? "error" : "critical";

        var select = await slack.Driver.SelectAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.severity", $"{incident}:{chosen}");

        Assert.Equal(HttpStatusCode.OK, select.Response.Status);
        var channelCopy = await slack.MessageAsync(
            SlackBot.PaymentsChannel,
            m => m.Ts == posted.Ts && InitialValue(m, "incident.severity") == $"{incident}:{chosen}" && m.Replies.Any(r => r.AllText.Contains("Severity changed", StringComparison.Ordinal)),
            "the channel copy showing the new severity, with the change in its thread");
        Assert.Contains($"Severity: *{chosen}*", channelCopy.AllText, StringComparison.Ordinal);
        Assert.Contains("by Ana Kovač", channelCopy.Replies.Single(r => r.AllText.Contains("Severity changed", StringComparison.Ordinal)).AllText, StringComparison.Ordinal);
        var directCopy = await slack.MessageAsync(directChannel, m => m.Ts == direct.Ts && InitialValue(m, "incident.severity") == $"{incident}:{chosen}", "the direct copy showing the new severity");
        Assert.True(directCopy.EditCount > 0);

        await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.resolve", incident);
        var resolved = await slack.MessageAsync(SlackBot.PaymentsChannel, m => m.Ts == posted.Ts && m.AllText.Contains("State: *resolved*", StringComparison.Ordinal), "the resolved incident");

        var click = await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, resolved.Ts, "incident.postmortem", incident);

        Assert.Equal(HttpStatusCode.OK, click.Response.Status);
        await KestrelBot.Until(() => Task.FromResult(slack.Slack.Views.Count > 0), "the postmortem modal to open");
        var view = Assert.Single(slack.Slack.Views);
        Assert.Equal((SlackBot.Ana, "postmortem.edit"), (view.User, view.CallbackId));
        Assert.Null(slack.Slack.CallsOf("views.open").Single().Error);
        Assert.Contains(view.Inputs, i => i.BlockId == "summary");
        var postmortemId = view.PrivateMetadata!.Split(':')[0];

        var submitted = await slack.Driver.SubmitViewAsync(view.Id, new Dictionary<string, string> { ["summary"] = "Card authorisations failed for 12 minutes after a certificate expired." });

        Assert.Equal((HttpStatusCode.OK, ""), (submitted.Status, submitted.Body));
        var markdown = await slack.Bot.Api.GetStringAsync(new Uri($"/api/postmortems/{postmortemId}.md", UriKind.Relative));
        Assert.Contains("Card authorisations failed for 12 minutes after a certificate expired.", markdown, StringComparison.Ordinal);

        // The same modal submitted again is now out of date: it stays open and saves nothing.
        var stale = await slack.Driver.SubmitViewAsync(view.Id, new Dictionary<string, string> { ["summary"] = "Something else." });
        Assert.Equal("errors", (string?)JsonNode.Parse(stale.Body)!["response_action"]);
        Assert.DoesNotContain("Something else.", await slack.Bot.Api.GetStringAsync(new Uri($"/api/postmortems/{postmortemId}.md", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostmortemButton_SlackRefusesTheTrigger_TellsTheClickerTheCommand()
    {
        await using var slack = await SlackBot.StartAsync();
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", Title));
        var (posted, _, _, _) = await slack.PagedAsync(Title);
        var incident = await IncidentIdAsync(slack);
        slack.Slack.FailNext("views.open", 1, FakeSlackFailure.NotOk("expired_trigger_id"));

        var click = await slack.Driver.ClickAsync(SlackBot.Ana, SlackBot.PaymentsChannel, posted.Ts, "incident.postmortem", incident);

        var answer = await slack.AnswerAsync(click, SlackBot.Ana, SlackBot.PaymentsChannel);
        Assert.Contains("expired_trigger_id", answer, StringComparison.Ordinal);
        Assert.Matches(@"/slo postmortem PM-\d+ edit", answer);
        Assert.Empty(slack.Slack.Views);
    }

    private static string? InitialValue(SlackMessage message, string actionId) =>
        message.Blocks?
            .SelectMany(b => b?["elements"] is JsonArray elements ? elements : [])
            .FirstOrDefault(e => (string?)e?["action_id"] == actionId)?["initial_option"]?["value"]?.GetValue<string>();

    private static async Task<string> IncidentIdAsync(SlackBot slack)
    {
        var incident = Assert.Single(await slack.Bot.IncidentsAsync("?team=payments"));
        return incident.GetProperty("id").ValueKind == JsonValueKind.Number
            ? incident.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : incident.GetProperty("id").GetString()!;
    }
}
