using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Bot.Core.Stakeholders;
using Bot.Host.Tests.LocalConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Stakeholders;

/// <summary>
/// Stakeholder notifications through the real host and the console, on the example catalog: someone outside the
/// catalog subscribes to product management; a P1 breach of Payment Gateway (eu-central-1, product payments) gets a
/// first notification, an update, a status update reminder when the next is late, and a final one with the time to
/// recovery. P1 names rings 1–3; rings 1 and 2 have console channels (product-management, showcase, leadership).
/// The host's clock stands still until the test moves it; the scheduler looks at its timers every second.
/// </summary>
public sealed class ConsoleStakeholderEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    [Fact]
    public async Task Subscriber_AndGroupChannels_GetFirstUpdateAndFinal_WithTheNextTimes_AndTheCommunicatorIsRemindedWhenAnUpdateIsLate()
    {
        await using var bot = new ConsoleBot(new Dictionary<string, string>
        {
            ["OnCall:EscalationEnabled"] = "false",
            ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01",
        });
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var card = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        var id = (long)card.First(m => m!["threadId"] is null)!["body"]!["incidentId"]!;

        // Pat is not in the catalog: anyone may subscribe.
        var subscribed = await bot.CommandAsync("lobby", "pat", "subscribe product-management");
        var twice = await bot.CommandAsync("lobby", "pat", "subscribe product-management");
        var list = await bot.CommandAsync("lobby", "pat", "subscribe");
        var early = await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} update nothing yet");
        Assert.True(subscribed.Ok, subscribed.Text);
        Assert.StartsWith("You are already subscribed to Product management (product-management)", twice.Text, StringComparison.Ordinal);
        Assert.Contains("• product-management: Product management — worldwide, all products, ring 1 (subscribed)", list.Text, StringComparison.Ordinal);
        Assert.Contains("• showcase: Showcase deployment — worldwide, all products, ring 1\n", list.Text, StringComparison.Ordinal);
        Assert.False(early.Ok);
        Assert.Equal($"Incident #{id} has had no first notification yet; send that first: notify #{id} first <text>", early.Text);
        var communicator = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} communicator @kwame");
        Assert.True(communicator.Ok, communicator.Text);

        // First, at 10:20: the next is due by 12:20.
        var first = await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} first Card payments fail in the EU; we are on it.");
        Assert.True(first.Ok, first.Text);
        Assert.EndsWith("1 subscriber. Next notification is planned by 12:20 UTC (in max. 2 h) as events warrant.", first.Text, StringComparison.Ordinal);
        const string Title = "Payment Gateway: PaymentGatewayHighErrorRate is burning the error budget.";
        var dm = Assert.Single(await bot.WaitForNoticesAsync("dm:pat", n => n.Count == 1, "the first notification in Pat's direct messages"));
        Assert.Equal($"[P1 · First notification] {Title}", dm.Title);
        Assert.Equal("Card payments fail in the EU; we are on it.", dm.Summary);
        Assert.Equal("Next notification is planned by 12:20 UTC (in max. 2 h) as events warrant.", dm.Footer);
        Assert.Equal(
            [("Geography", "eu-central-1"), ("Product landscape", "payments"), ("Timestamp", "2026-05-04 10:20 UTC")],
            dm.Fields.Where(f => f.Name is "Geography" or "Product landscape" or "Timestamp"));
        Assert.StartsWith("Ring 1 (Product management), Ring 2 (Leadership)", dm.Fields.Single(f => f.Name == "Recipients").Value, StringComparison.Ordinal);
        foreach (var group in new[] { "product-management", "showcase", "leadership" })
        {
            var notice = Assert.Single(await bot.WaitForNoticesAsync(group, n => n.Count == 1, $"the first notification in {group}"));
            Assert.Equal(dm with { MessageId = notice.MessageId }, notice with { Fields = dm.Fields, Sections = dm.Sections, Actions = dm.Actions, Mentions = dm.Mentions });
        }
        await bot.WaitForChannelAsync(
            PaymentsChannel,
            m => ConsoleBot.RepliesIn(m).Any(r => r.Text.StartsWith("Stakeholders notified (first, ring 1: Product management, Showcase deployment; ring 2: Leadership", StringComparison.Ordinal)
                && r.Text.EndsWith("; next update due by 12:20 UTC", StringComparison.Ordinal)),
            "the first notification in the incident's thread");

        // An update at 10:50: the next is due by 12:50.
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        var update = await bot.CommandAsync(PaymentsChannel, "kwame", $"notify #{id} update The fix is rolling out.");
        Assert.True(update.Ok, update.Text);
        var updated = await bot.WaitForNoticesAsync("dm:pat", n => n.Count == 2, "the update in Pat's direct messages");
        Assert.Equal($"[P1 · Update 1] {Title}", updated[1].Title);
        Assert.Equal("Next notification is planned by 12:50 UTC (in max. 2 h) as events warrant.", updated[1].Footer);

        // No update by 12:50: Kwame, the communicator, is reminded in his direct messages and in the thread.
        bot.Clock.Advance(TimeSpan.FromHours(2));
        var reminder = $"Status update due for #{id}: P1 promises one every 2 h; the last went at 10:50 UTC. notify #{id} update <text>";
        await bot.WaitForChannelAsync(PaymentsChannel, m => ConsoleBot.RepliesIn(m).Any(r => r.Text.EndsWith(reminder, StringComparison.Ordinal)), "the reminder in the thread");
        var kwame = await bot.WaitForChannelAsync("dm:kwame", m => ConsoleBot.RepliesIn(m).Any(r => r.Text.EndsWith(reminder, StringComparison.Ordinal)), "the reminder in Kwame's direct messages");
        Assert.Contains("kwame", ConsoleBot.RepliesIn(kwame).Single(r => r.Text.EndsWith(reminder, StringComparison.Ordinal)).Mentions);

        // Resolved at 12:51, 2 h 36 min after the alert started at 10:15; the final one says so.
        bot.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"resolve #{id}")).Ok);
        bot.Clock.Advance(TimeSpan.FromMinutes(4));
        var final = await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} final Card payments work again.");
        Assert.True(final.Ok, final.Text);
        var finals = await bot.WaitForNoticesAsync("product-management", n => n.Count == 3, "the final notification in product-management");
        Assert.Equal($"[P1 · Final notification] {Title}", finals[2].Title);
        Assert.Equal("Time to recovery: 2 h 36 min. No further communication planned.", finals[2].Footer);
        var after = await bot.CommandAsync(PaymentsChannel, "ana", $"notify #{id} update one more thing");
        Assert.Equal($"The final notification for #{id} went at 2026-05-04 12:55 UTC; nothing follows it.", after.Text);

        var services = bot.Factory.Services;
        var history = await services.GetRequiredService<IStakeholderStore>().ListNotificationsAsync(id, CancellationToken.None);
        Assert.Equal(
            [(NotificationBracket.First, "ana", false), (NotificationBracket.Update, "kwame", true), (NotificationBracket.Final, "ana", false)],
            history.Select(n => (n.Bracket, n.SentBy.Id, n.RemindedAt is not null)));
        var timeline = (await services.GetRequiredService<IIncidentStore>().FindAsync(id, CancellationToken.None))!.Timeline;
        Assert.Equal(3, timeline.Count(e => e.Kind == IncidentEventKind.StakeholdersNotified));
        Assert.Single(timeline, e => e.Kind == IncidentEventKind.Reminded);
    }

    [Fact]
    public async Task Notify_WithoutAPriority_AndSubscribeToAnUnknownGroup_AreRefusedNamingWhatToDo()
    {
        await using var bot = new ConsoleBot(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.Unknown(ConsoleBot.Now.AddMinutes(-5)));
        var card = await bot.WaitForChannelAsync("unrouted-slo-breaches", m => m.Any(x => x!["threadId"] is null), "the unrouted incident card");
        var id = (long)card.First(m => m!["threadId"] is null)!["body"]!["incidentId"]!;

        var notify = await bot.CommandAsync("unrouted-slo-breaches", "ana", $"notify #{id} first Something broke");
        var unknown = await bot.CommandAsync("lobby", "pat", "subscribe nope");
        var notSubscribed = await bot.CommandAsync("lobby", "pat", "unsubscribe showcase");

        Assert.Equal(
            $"Incident #{id} has no priority, and the priority says which stakeholders hear of it; set a priority first: incident #{id} priority P2", notify.Text);
        Assert.False(unknown.Ok);
        Assert.StartsWith("'nope' is not a stakeholder group; the groups are: product-management, showcase, leadership,", unknown.Text, StringComparison.Ordinal);
        Assert.Equal("You are not subscribed to Showcase deployment (showcase); nothing changed.", notSubscribed.Text);
        JsonArray messages = await bot.MessagesAsync("product-management");
        Assert.Empty(messages);
    }
}
