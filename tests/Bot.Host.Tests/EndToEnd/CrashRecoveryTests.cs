using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>
/// The durability promise, on real processes: a host killed (SIGKILL) while it is accepting alerts loses none it
/// answered 2xx for, and after a restart delivers every pending message once.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string PaymentsSlo = "payment-gateway-requests-availability";
    private const string PaymentsChannel = "payments-slo-breaches";
    private readonly TempDirectory _temp = new();

    private string DatabasePath => Path.Combine(_temp.Path, "bot.db");

    [Fact]
    public async Task Host_KilledWhileAcceptingAlerts_KeepsEveryAcceptedAlertAndDeliversOnceAfterRestart()
    {
        var accepted = new ConcurrentBag<int>();
        await using (var first = await RunningBot.StartAsync(DatabasePath))
        {
            using var stop = new CancellationTokenSource();
            var number = 0;
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                // At most 900 alerts, so the checks below read every incident and message in one page.
                for (var n = Interlocked.Increment(ref number); n <= 900 && !stop.IsCancellationRequested; n = Interlocked.Increment(ref number))
                {
                    try
                    {
                        using var response = await first.Client.PostAsync(new Uri("/api/alerts/alertmanager", UriKind.Relative), Alert(n), stop.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            accepted.Add(n);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        // In flight when the process died: not answered, so not promised.
                    }
                }
            })).ToList();

            await Until(() => accepted.Count >= 150, TimeSpan.FromSeconds(60), "150 alerts accepted before the kill");
            await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var second = await RunningBot.StartAsync(DatabasePath);

        // Every alert answered 2xx is in its own incident (each has its own environment, so its own dedup key).
        var titles = (await IncidentsAsync(second)).Select(i => i.GetProperty("title").GetString()).ToHashSet();
        var missing = accepted.Where(n => !titles.Contains(Title(n))).Order().ToList();
        Assert.True(missing.Count == 0, $"accepted but not stored after the crash: {string.Join(", ", missing)}");

        // Every incident's message reaches its channel after the restart, exactly once.
        var expected = titles.Count;
        await Until(async () => (await PostedIncidentIdsAsync(second)).Distinct().Count() >= expected, TimeSpan.FromSeconds(60), $"{expected} incident messages in #{PaymentsChannel}");
        var posted = await PostedIncidentIdsAsync(second);
        var doubled = posted.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, $"posted more than once: incidents {string.Join(", ", doubled)}");
    }

    public void Dispose() => _temp.Dispose();

    private static string Title(int n) => $"crash test alert {n}";

    private static StringContent Alert(int n) => new($$$"""
        {"version":"4","status":"firing","alerts":[{"status":"firing","startsAt":"2026-11-21T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
          "labels":{"alertname":"ErrorBudgetBurn","sloth_id":"{{{PaymentsSlo}}}","sloth_severity":"page","environment":"env-{{{n}}}","instance":"pod-{{{n}}}"},
          "annotations":{"summary":"{{{Title(n)}}}"}}]}
        """, Encoding.UTF8, "application/json");

    private static async Task<List<JsonElement>> IncidentsAsync(RunningBot bot)
    {
        var list = await bot.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents?team=payments&limit=1000", UriKind.Relative));
        return [.. list.EnumerateArray()];
    }

    private static async Task<List<long>> PostedIncidentIdsAsync(RunningBot bot)
    {
        var messages = await bot.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/console/channels/{PaymentsChannel}/messages?limit=1000", UriKind.Relative));
        return [.. messages.EnumerateArray()
            .Select(m => m.GetProperty("body"))
            .Where(b => b.GetProperty("type").GetString() == "incident")
            .Select(b => b.GetProperty("incidentId").GetInt64())];
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout, string what) => Until(() => Task.FromResult(condition()), timeout, what);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds} s waiting for {what}.");
            }
            await Task.Delay(50);
        }
    }
}
