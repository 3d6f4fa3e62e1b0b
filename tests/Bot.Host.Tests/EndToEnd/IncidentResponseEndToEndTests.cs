using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Bot.Host.Tests.LocalConsole;
using Bot.Host.Tests.Postmortems;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>
/// The whole incident response of issue #8 through the real host and the console, on the example catalog: a P1 breach
/// of Payment Gateway (team payments, product payments, eu-central-1, burning 14.4×) → roles taken by button, by
/// command and from a rotation → a first, an update and a final stakeholder notification reaching a subscriber of
/// product management (ring 1) with the right "next update" times → resolved → <c>postmortem</c> → a draft pre-filled
/// with the right times and people → edited → the exported Markdown equals a golden file → action items moved to Done
/// with their lead times. The host's clock stands still until the test moves it.
/// </summary>
public sealed class IncidentResponseEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    [Fact]
    public async Task P1Breach_Roles_StakeholderBrackets_Resolution_Postmortem_ActionItems()
    {
        await using var bot = new ConsoleBot(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });

        // 10:20 UTC: the breach that started at 10:15 opens incident #1, P1 from its SLO, critical from Sloth's page.
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.Firing(
            ConsoleBot.Now.AddMinutes(-5),
            ("alertname", "PaymentGatewayHighErrorRate"), ("sloth_service", "payment-gateway"), ("sloth_slo", "requests-availability"),
            ("sloth_severity", "page"), ("environment", "production"), ("region", "eu-central-1"), ("burn_rate", "14.4"), ("window", "1h")));
        var card = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        var id = (long)card.Single(m => m!["threadId"] is null)!["body"]!["incidentId"]!;
        Assert.Equal(1, id);

        // Pat, a product manager outside the catalog, subscribes to product management (ring 1).
        Assert.True((await bot.CommandAsync("lobby", "pat", "subscribe product-management")).Ok);

        // Roles: Kwame coordinates by button, Ana communicates by command, the payments rotation's on-call is the expert.
        var coordinate = await bot.ActionAsync(PaymentsChannel, "kwame", "incident.coordinate", incidentId: id);
        var communicate = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} communicator me");
        var expert = await bot.CommandAsync(PaymentsChannel, "kwame", $"incident #{id} expert rotation payments-primary");
        Assert.Equal($"Incident #{id}: Kwame Mensah took the coordinator role.", coordinate.Text);
        Assert.True(communicate.Ok, communicate.Text);
        Assert.True(expert.Ok, expert.Text);
        var roles = await bot.WaitForChannelAsync(
            PaymentsChannel,
            m => Fields(m).Any(f => f.Name == "Roles" && f.Value.StartsWith("Coordinator Kwame Mensah · Communicator Ana Kovač · Experts ", StringComparison.Ordinal)),
            "the roles on the card");
        Assert.DoesNotContain("incident.coordinate", ActionIds(roles));

        // 10:25: acknowledged. 10:30: the first notification; the next is due by 12:30 (P1: every 2 h).
        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "kwame", $"ack #{id}")).Ok);
        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        var first = await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} first Card payments fail in the EU; we are on it.");
        Assert.True(first.Ok, first.Text);

        // 11:30: an update; the next is due by 13:30.
        bot.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} update A certificate expired; the new one is rolling out.")).Ok);

        // 11:45: resolved, 1 h 30 min after the breach started. 11:50: the final notification says so.
        bot.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "mei", $"resolve #{id}")).Ok);
        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} final Card payments work again.")).Ok);

        var brackets = await bot.WaitForNoticesAsync("dm:pat", n => n.Count == 3, "three notifications in Pat's direct messages");
        Assert.Equal(
            [
                ("[P1 · First notification] Payment Gateway: PaymentGatewayHighErrorRate is burning the error budget.",
                    "Card payments fail in the EU; we are on it.", "Next notification is planned by 12:30 UTC (in max. 2 h) as events warrant."),
                ("[P1 · Update 1] Payment Gateway: PaymentGatewayHighErrorRate is burning the error budget.",
                    "A certificate expired; the new one is rolling out.", "Next notification is planned by 13:30 UTC (in max. 2 h) as events warrant."),
                ("[P1 · Final notification] Payment Gateway: PaymentGatewayHighErrorRate is burning the error budget.",
                    "Card payments work again.", "Time to recovery: 90 minutes. No further communication planned."),
            ],
            brackets.Select(n => (n.Title, n.Summary, n.Footer)));
        await bot.WaitForNoticesAsync("product-management", n => n.Count == 3, "the same three in product management's channel");

        // 13:00: the coordinator starts the postmortem; it is pre-filled from the incident.
        bot.Clock.Advance(TimeSpan.FromMinutes(70));
        var started = await bot.CommandAsync(PaymentsChannel, "kwame", $"postmortem #{id}");
        Assert.True(started.Ok, started.Text);
        Assert.StartsWith("Postmortem PM-1 started by Kwame Mensah", started.Text, StringComparison.Ordinal);
        using (var draft = await bot.Client.GetAsync(new Uri("/api/postmortems/1.md", UriKind.Relative)))
        {
            var text = await draft.Content.ReadAsStringAsync();
            Assert.Contains("- Detected: 2026-05-04 12:15 CEST (UTC+02:00)", text, StringComparison.Ordinal);
            Assert.Contains("- Resolved: 2026-05-04 13:45 CEST (UTC+02:00)", text, StringComparison.Ordinal);
            Assert.Contains("- Time to acknowledge: 10 minutes; time to recover: 90 minutes", text, StringComparison.Ordinal);
            Assert.Contains("- Error budget consumed: about 3.2% of the 28-day budget (14.4× for 90 minutes)", text, StringComparison.Ordinal);
            Assert.Contains("- Incident coordinator: Kwame Mensah", text, StringComparison.Ordinal);
            Assert.Contains("- Incident communicator: Ana Kovač", text, StringComparison.Ordinal);
        }

        // Edited from chat, section by section.
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana",
            "postmortem PM-1 set summary The gateway's TLS certificate expired at 10:14 UTC; card payments in the EU failed until a new one was rolled out.")).Ok);
        Assert.True((await bot.CommandAsync(PaymentsChannel, "kwame",
            "postmortem PM-1 set customer-impact About 40% of EU card payments failed for 1 h 30 min; customers could retry with PayPal.")).Ok);

        // Action items, tracked to Done over the next days.
        var alert = await bot.CommandAsync(PaymentsChannel, "kwame", "action add PM-1 Alert 14 days before a certificate expires driver @mei review 2026-05-08 priority P1");
        var rotate = await bot.CommandAsync(PaymentsChannel, "kwame", "action add PM-1 Rotate gateway certificates automatically driver @ana review 2026-05-20 priority P2");
        Assert.Equal("AI-1 added to PM-1: Alert 14 days before a certificate expires (P1, driver Mei Tan, review 2026-05-08). Move it on with 'action AI-1 state ready'.", alert.Text);
        Assert.True(rotate.Ok, rotate.Text);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "mei", "action AI-1 state in-work")).Ok);
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", "action AI-2 state ready")).Ok);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "mei", "action AI-1 state implemented")).Ok);
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", "action AI-2 state in-work")).Ok);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var alertDone = await bot.CommandAsync(PaymentsChannel, "kwame", "action AI-1 state done");
        bot.Clock.Advance(TimeSpan.FromDays(3));
        var rotateDone = await bot.CommandAsync(PaymentsChannel, "kwame", "action AI-2 state done");
        Assert.Equal("AI-1 Implemented → Done (lead time 3 d, cycle time 2 d): Alert 14 days before a certificate expires.", alertDone.Text);
        Assert.Equal("AI-2 In work → Done (lead time 6 d, cycle time 4 d): Rotate gateway certificates automatically.", rotateDone.Text);
        var list = await bot.CommandAsync(PaymentsChannel, "kwame", "action list payments done");
        Assert.EndsWith("Lead time: mean 4.5 d, median 4.5 d over 2 done; cycle time: mean 3 d, median 3 d.", list.Text, StringComparison.Ordinal);

        Assert.True((await bot.CommandAsync(PaymentsChannel, "kwame", "postmortem PM-1 state reviewed")).Ok);

        // The exported postmortem: pre-filled facts, the edits, the people, the whole timeline and the live action items.
        using var markdown = await bot.Client.GetAsync(new Uri("/api/postmortems/1.md", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        MarkdownGolden.AssertMatches("incident-response-pm-1.md", await markdown.Content.ReadAsStringAsync());

        // The audit trail has every step, each with who and from where.
        using var timelineResponse = await bot.Client.GetAsync(new Uri($"/api/incidents/{id}/timeline", UriKind.Relative));
        var timeline = JsonNode.Parse(await timelineResponse.Content.ReadAsStringAsync())!.AsArray();
        var kinds = timeline.Select(e => (string)e!["kind"]!).ToList();
        foreach (var kind in new[] { IncidentEventKind.RoleAssigned, IncidentEventKind.StakeholdersNotified, IncidentEventKind.PostmortemStarted,
                     IncidentEventKind.PostmortemEdited, IncidentEventKind.PostmortemStateChanged, IncidentEventKind.ActionItemAdded, IncidentEventKind.ActionItemChanged })
        {
            Assert.Contains(kinds, k => string.Equals(k, kind.ToString(), StringComparison.OrdinalIgnoreCase));
        }
        Assert.All(timeline.Where(e => e!["by"] is JsonObject), e => Assert.Equal("console", ((string)e!["by"]!["source"]!).ToLowerInvariant()));
    }

    private static JsonObject Card(JsonArray messages) => messages.Last(m => m!["threadId"] is null)!["body"]!.AsObject();

    private static IEnumerable<(string Name, string Value)> Fields(JsonArray messages) =>
        Card(messages)["fields"]!.AsArray().Select(f => ((string)f!["name"]!, (string)f["value"]!));

    private static List<string> ActionIds(JsonArray messages) =>
        [.. Card(messages)["actions"]!.AsArray().Select(a => (string)a!["id"]!)];
}
