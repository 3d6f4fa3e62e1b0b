using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Core.Scheduling;
using Bot.Host.Tests.LocalConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.OnCall;

/// <summary>
/// Escalation through the real host and the console, on the example catalog: team payments' policy pages the main
/// (rotation payments-primary: Ana that week), after 15 minutes the backup (Kwame), and stops at the first
/// acknowledgement. The host's clock stands still until the test moves it; the scheduler looks at its timers every
/// second (<c>Quartz:Scheduler:IdleWaitTime</c>), so a step that the move made due fires within a second of real time.
/// </summary>
public sealed class EscalationEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnacknowledgedIncident_PagesTheMainThenTheBackup_AndTheBackupsAcknowledgementStopsIt()
    {
        var outcomes = new ConcurrentQueue<EscalationOutcome>();
        await using var bot = new ConsoleBot(
            settings: new Dictionary<string, string> { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01", ["OnCall:EscalationEnabled"] = "true" },
            configureServices: services => services.AddSingleton<IEscalationLog>(new Recording(outcomes)));

        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));

        var channel = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Count == 2, "the incident card and the page of the main in its thread");
        var incidentId = (long)channel[0]!["body"]!["incidentId"]!;
        Assert.Equal((long)channel[0]!["id"]!, (long)channel[1]!["threadId"]!);
        Assert.Matches(@"^Paging @(ana|Ana Kovač) \(main, step 1 of 12\)$", Text(channel[1]!));
        var anaDm = Assert.Single(await bot.WaitForChannelAsync("dm:ana", m => m.Count == 1, "the incident in Ana's direct messages"));
        Assert.Equal(incidentId, (long)anaDm!["body"]!["incidentId"]!);
        Assert.Empty(await bot.MessagesAsync("dm:kwame"));
        // The backup's step is set once the main's ran: only then may time pass.
        await UntilAsync(outcomes, o => o.IncidentId == incidentId && o is { Step: 0, Result: EscalationResult.Paged }, "step 0 paged Ana");

        bot.Clock.Advance(TimeSpan.FromMinutes(15));

        var kwameDm = Assert.Single(await bot.WaitForChannelAsync("dm:kwame", m => m.Count == 1, "the incident in Kwame's direct messages"));
        Assert.Equal(incidentId, (long)kwameDm!["body"]!["incidentId"]!);
        channel = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Count == 3, "the page of the backup in the thread");
        Assert.Matches(@"^Not acknowledged after 15 min: paging @(kwame|Kwame Mensah) \(backup, step 2 of 12\)$", Text(channel[2]!));
        await UntilAsync(outcomes, o => o.IncidentId == incidentId && o is { Step: 1, Result: EscalationResult.Paged }, "step 1 paged Kwame");

        // Kwame acknowledges with the button on his own copy.
        var ack = await bot.ActionAsync("dm:kwame", "kwame", "incident.acknowledge", messageId: (long)kwameDm["id"]!);
        Assert.True(ack.Ok, ack.Text);
        await bot.WaitForChannelAsync("dm:kwame", m => (string?)m[0]!["body"]!["state"] == "acknowledged", "Kwame's copy acknowledged");
        bot.Clock.Advance(TimeSpan.FromMinutes(15));
        var stopped = await UntilAsync(outcomes, o => o.IncidentId == incidentId && o.Step == 2, "step 2 fired");

        Assert.Equal((EscalationResult.Skipped, "the incident is acknowledged, which stops escalation"), (stopped.Result, stopped.Detail));
        Assert.Empty(await bot.MessagesAsync("dm:mei"));
        channel = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Count == 4, "the acknowledgement in the thread");
        Assert.DoesNotContain(channel, m => Text(m!).Contains("step 3 of 12", StringComparison.Ordinal));
        var timeline = (await bot.Factory.Services.GetRequiredService<IIncidentStore>().FindAsync(incidentId, CancellationToken.None))!.Timeline;
        Assert.Equal(2, timeline.Count(e => e.Kind == IncidentEventKind.Escalated));
        Assert.Empty(await bot.Factory.Services.GetRequiredService<ITimers>().ListAsync(EscalationChain.TimerKind, CancellationToken.None));
    }

    private static string Text(JsonNode message) => (string?)message["body"]!["text"] ?? "";

    /// <summary>Waits for an outcome the scheduler's thread reports; fails after a bound saying what was awaited.</summary>
    private static async Task<EscalationOutcome> UntilAsync(ConcurrentQueue<EscalationOutcome> outcomes, Func<EscalationOutcome, bool> match, string what)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < WaitLimit)
        {
            if (outcomes.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        Assert.Fail($"After {WaitLimit.TotalSeconds} s, still no escalation outcome where {what}. Outcomes:\n{string.Join('\n', outcomes)}");
        return null!;
    }

    private sealed class Recording(ConcurrentQueue<EscalationOutcome> outcomes) : IEscalationLog
    {
        public void Write(EscalationOutcome outcome) => outcomes.Enqueue(outcome);
    }
}
