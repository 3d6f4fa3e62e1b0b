using System.Net;
using System.Text.Json.Nodes;
using Bot.MsTeams.Fake;

namespace Bot.Host.Tests.MsTeams;

/// <summary>
/// Issue #8 from Teams against the fake Teams: the incident card's severity menu and Set button reclassify the incident
/// (the card is refreshed for the clicker and edited for everyone, the change in its thread); after resolution, Start
/// postmortem posts the postmortem's form in the incident's thread, and its Save puts the edited Summary in the
/// postmortem's Markdown and refreshes the form.
/// </summary>
public sealed class MsTeamsIncidentFormsEndToEndTests
{
    [Fact]
    public async Task SeverityMenu_ThenPostmortemForm_EditsTheCardAndTheSummary()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        Assert.Equal("P1", InputValue(post.Card, "priority"));
        var chosen = InputValue(post.Card, "severity") == "critical" ? "error" : "critical";

        var set = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, "incident.classify", inputs: new Dictionary<string, string> { ["severity"] = chosen });

        Assert.Equal((HttpStatusCode.OK, 200, "application/vnd.microsoft.card.adaptive"), (set.Status, set.InvokeStatusCode, set.InvokeType));
        Assert.Equal(chosen, InputValue(set.InvokeValue, "severity"));
        var edited = await teams.SinglePostAsync(until: m => InputValue(m.Card, "severity") == chosen && m.Replies.Any(r => r.AllText.Contains("Severity changed", StringComparison.Ordinal)));
        Assert.Contains("by Ana Kovač", edited.Replies.Single(r => r.AllText.Contains("Severity changed", StringComparison.Ordinal)).AllText, StringComparison.Ordinal);
        Assert.Equal("P1", InputValue(edited.Card, "priority"));

        await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, "incident.resolve");
        await teams.SinglePostAsync(until: m => !m.Verbs.Contains("incident.resolve"));

        var start = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, post.Id, "incident.postmortem");

        Assert.Equal((200, "application/vnd.microsoft.activity.message"), (start.InvokeStatusCode, start.InvokeType));
        Assert.Contains("form posted in this conversation", start.InvokeValue!.GetValue<string>(), StringComparison.Ordinal);
        var form = await TeamsBot.WaitForAsync(() => teams.BotPosts().Single().Replies.FirstOrDefault(r => r.Verbs.Contains("postmortem.save")), "the postmortem form in the incident's thread");
        Assert.Contains(ActivityInputs(form.Card), i => (string?)i["id"] == "section.summary" && (bool?)i["isMultiline"] == true);
        var postmortemId = (long)TeamsMessage.Actions(form.Card).Single()["data"]!["postmortemId"]!;

        var save = await teams.Driver.ExecuteActionAsync(TeamsBot.Ana, form.Id, "postmortem.save",
            inputs: new Dictionary<string, string> { ["section.summary"] = "Card authorisations failed for 12 minutes after a certificate expired." });

        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), (save.InvokeStatusCode, save.InvokeType));
        Assert.Equal("Card authorisations failed for 12 minutes after a certificate expired.", InputValue(save.InvokeValue, "section.summary"));
        var markdown = await teams.Bot.Api.GetStringAsync(new Uri($"/api/postmortems/{postmortemId}.md", UriKind.Relative));
        Assert.Contains("Card authorisations failed for 12 minutes after a certificate expired.", markdown, StringComparison.Ordinal);
        var refreshed = await TeamsBot.WaitForAsync(() => teams.Teams.Activity(form.Id) is { EditCount: > 0 } f ? f : null, "the form refreshed for everyone");
        Assert.Equal("Card authorisations failed for 12 minutes after a certificate expired.", InputValue(refreshed.Card, "section.summary"));

        // The first form, clicked again from a client that still shows it, is out of date: nothing is saved.
        var stale = await teams.Driver.ExecuteActionAsync(TeamsBot.Kwame, form.Id, "postmortem.save",
            data: (JsonObject)TeamsMessage.Actions(form.Card).Single()["data"]!.DeepClone(), inputs: new Dictionary<string, string> { ["section.summary"] = "Something else." });
        Assert.Equal("application/vnd.microsoft.activity.message", stale.InvokeType);
        Assert.Contains("changed by someone else", stale.InvokeValue!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitFallback_SetSeverity_ClassifiesAndAnswersInTheThread()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        await teams.PostAlertAsync();
        var post = await teams.SinglePostAsync();
        var chosen = InputValue(post.Card, "severity") == "warning" ? "error" : "warning";

        var submit = await teams.Driver.SubmitActionAsync(TeamsBot.Kwame, post.Id, new JsonObject { ["action"] = "incident.classify", ["incidentId"] = 1 },
            new Dictionary<string, string> { ["severity"] = chosen });

        Assert.Equal((HttpStatusCode.OK, ""), (submit.Status, submit.Body));
        // The change in the thread (for everyone) and the answer to Kwame's submit (a reply card) both name it.
        var updated = await teams.SinglePostAsync(until: m => InputValue(m.Card, "severity") == chosen
            && m.Replies.Count(r => r.AllText.Contains($"to {chosen} by Kwame Mensah", StringComparison.Ordinal)) >= 2);
        Assert.True(updated.EditCount > 0);
    }

    private static IEnumerable<JsonObject> ActivityInputs(JsonNode? card) => Descendants(card).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);

    private static string? InputValue(JsonNode? card, string id) => (string?)ActivityInputs(card).FirstOrDefault(i => (string?)i["id"] == id)?["value"];

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Descendants(p.Value))],
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };
}
