using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Bot.Benchmarks;

/// <summary>
/// Measures the bot as a source sees it: HTTP on loopback into the real host (SQLite file, synchronous=FULL).
/// Usage: dotnet run -c Release --project bench/Bot.Benchmarks -- [all|ingest|latency|command|teams|status|response|delivery] [seconds]
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        var scenario = args.Length > 0 ? args[0] : "all";
        var seconds = args.Length > 1 && scenario != "ingest-one" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"SLO Bot benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");

        if (scenario is "all" or "ingest")
        {
            foreach (var mode in new[] { Workload.NewIncidents, Workload.Storm })
            {
                foreach (var batch in new[] { 1, 20, 200 })
                {
                    await Scenarios.IngestAsync(mode, batch, clients: 16, TimeSpan.FromSeconds(seconds));
                }
            }
        }
        if (scenario == "ingest-one")
        {
            // One ingest case, for profiling: ingest-one <NewIncidents|Storm> <batch> <seconds>
            await Scenarios.IngestAsync(Enum.Parse<Workload>(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), clients: 16,
                TimeSpan.FromSeconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
        }
        if (scenario is "all" or "latency")
        {
            await Scenarios.LatencyAsync(requestsPerSecond: 200, TimeSpan.FromSeconds(seconds * 2));
        }
        if (scenario is "all" or "command")
        {
            await Scenarios.SlashCommandAsync(requestsPerSecond: 50, TimeSpan.FromSeconds(seconds * 2));
        }
        if (scenario is "all" or "teams")
        {
            await TeamsScenarios.ActivitiesAsync(requestsPerSecond: 50, TimeSpan.FromSeconds(seconds * 2));
        }
        if (scenario is "all" or "status")
        {
            await SloStatusScenarios.StatusAsync(slos: 1000, requests: seconds * 40);
        }
        if (scenario is "all" or "response")
        {
            await ResponseScenarios.RunAsync(timelineEvents: 300, actionItems: 50, requests: seconds * 40);
        }
        if (scenario is "all" or "delivery")
        {
            await Scenarios.DeliveryAsync(alertsPerSecond: 20, TimeSpan.FromSeconds(seconds * 2));
        }
    }
}

internal enum Workload
{
    /// <summary>Every alert opens its own incident (a distinct environment): the whole write path.</summary>
    NewIncidents,
    /// <summary>Every alert is a new occurrence of one SLO: one incident that keeps growing.</summary>
    Storm,
}

internal static class Scenarios
{
    private static long s_alertNumber;

    /// <summary>Slack's rate limit per channel; delivery then takes the writer as often as it would in production.</summary>
    private const double SlackRate = 1;

    public static async Task IngestAsync(Workload workload, int batchSize, int clients, TimeSpan duration)
    {
        using var host = BenchHost.Start(SlackRate);
        using var http = host.CreateAlertClient();
        var slos = host.Slos.Select(s => s.Id).ToArray();
        var accepted = 0L;
        var failed = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var body = Payload(batchSize, i => workload == Workload.NewIncidents
                    ? (slos[i % slos.Length], $"env-{i}", $"pod-{i}")
                    : (slos[0], "production", $"pod-{i}"));
                using var response = await http.PostAsync("/api/alerts/alertmanager", body);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref accepted, batchSize);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest  {workload,-12} batch {batchSize,3} x {clients} clients: {accepted / elapsed,8:0} alerts/s committed ({accepted / batchSize / elapsed:0} requests/s, {failed} failed)"));
    }

    public static async Task LatencyAsync(int requestsPerSecond, TimeSpan duration)
    {
        using var host = BenchHost.Start(SlackRate);
        using var http = host.CreateAlertClient();
        var slos = host.Slos.Select(s => s.Id).ToArray();
        // The same rate for 3 s first, unmeasured, so JIT and connection set-up are not counted.
        await SteadyAsync(http, slos, requestsPerSecond, (int)(requestsPerSecond * 3), new double[requestsPerSecond * 3]);
        var total = (int)(requestsPerSecond * duration.TotalSeconds);
        var latencies = new double[total];
        await SteadyAsync(http, slos, requestsPerSecond, total, latencies);
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency {requestsPerSecond} requests/s (1 alert each) for {duration.TotalSeconds:0} s: p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
    }

    private static async Task SteadyAsync(HttpClient http, string[] slos, int requestsPerSecond, int total, double[] latencies)
    {
        var interval = TimeSpan.FromSeconds(1.0 / requestsPerSecond);
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(total);
        for (var n = 0; n < total; n++)
        {
            // Open loop: requests leave on schedule whether or not earlier ones have been answered.
            var due = interval * n;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var index = n;
            requests.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/alerts/alertmanager", Payload(1, i => (slos[i % slos.Length], $"env-{i}", $"pod-{i}")));
                response.EnsureSuccessStatusCode();
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(requests);
    }

    /// <summary>Signed <c>/slo</c> commands as Slack sends them; the time until the bot's reply (Slack allows 3 s).</summary>
    public static async Task SlashCommandAsync(int requestsPerSecond, TimeSpan duration)
    {
        using var host = BenchHost.Start(SlackRate);
        using var http = new HttpClient { BaseAddress = host.Address };
        string[] texts = ["status payments", "help", "ack 999999", "status"];
        var total = (int)(requestsPerSecond * duration.TotalSeconds);
        var warmUp = requestsPerSecond * 3;
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(total + warmUp);
        for (var n = 0; n < total + warmUp; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / requestsPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var index = n - warmUp;
            var text = texts[n % texts.Length];
            requests.Add(Task.Run(async () =>
            {
                using var request = SignedCommand(text);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                if (index >= 0)
                {
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }));
        }
        await Task.WhenAll(requests);
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"slack   /slo command reply, {requestsPerSecond} commands/s for {duration.TotalSeconds:0} s: p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
    }

    /// <summary>A slash command as Slack posts it, signed per Slack's request signing (v0 HMAC-SHA256).</summary>
    private static HttpRequestMessage SignedCommand(string text)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "deprecated", ["team_id"] = "T05NORTHWIND", ["team_domain"] = "northwind", ["channel_id"] = "C05PAYSLO01",
            ["channel_name"] = "payments-slo-breaches", ["user_id"] = "U05A1PAY01", ["user_name"] = "ana", ["command"] = "/slo", ["text"] = text,
            ["api_app_id"] = "A05SLOBOT", ["response_url"] = "http://127.0.0.1:9/commands/response", ["trigger_id"] = "1.2.3",
        });
        var body = form.ReadAsStringAsync().GetAwaiter().GetResult();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(BenchHost.SlackSigningSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    public static async Task DeliveryAsync(int alertsPerSecond, TimeSpan duration)
    {
        using var host = BenchHost.Start(double.PositiveInfinity);
        using var http = host.CreateAlertClient();
        var slos = host.Slos.Select(s => s.Id).ToArray();
        var total = (int)(alertsPerSecond * duration.TotalSeconds);
        var sentAt = new long[total];
        var firstNumber = Interlocked.Read(ref s_alertNumber) + 1;
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < total; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / alertsPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            sentAt[n] = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/alerts/alertmanager", Payload(1, i => (slos[i % slos.Length], $"env-{i}", $"pod-{i}")));
            response.EnsureSuccessStatusCode();
        }
        // Incident ids are assigned in order on a fresh database: incident n+1 is the n-th alert.
        var deadline = Stopwatch.StartNew();
        while (host.Channel.PostedAtTicks.Count < total && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }
        var latencies = Enumerable.Range(0, total)
            .Where(n => host.Channel.PostedAtTicks.ContainsKey(n + 1))
            .Select(n => Stopwatch.GetElapsedTime(sentAt[n], host.Channel.PostedAtTicks[n + 1]).TotalMilliseconds)
            .Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"delivery alert→posted to a zero-latency channel, {alertsPerSecond} alerts/s: p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms ({latencies.Length}/{total} delivered, first alert #{firstNumber})"));
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static ByteArrayContent Payload(int alerts, Func<long, (string Slo, string Environment, string Instance)> labelsOf)
    {
        var json = new StringBuilder("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"slo-bot\",\"alerts\":[");
        for (var a = 0; a < alerts; a++)
        {
            var number = Interlocked.Increment(ref s_alertNumber);
            var (slo, environment, instance) = labelsOf(number);
            json.Append(a > 0 ? "," : "")
                .Append(CultureInfo.InvariantCulture, $"{{\"status\":\"firing\",\"startsAt\":\"2026-11-21T10:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
                .Append(CultureInfo.InvariantCulture, $"\"labels\":{{\"alertname\":\"ErrorBudgetBurn\",\"sloth_id\":\"{slo}\",\"sloth_severity\":\"page\",\"environment\":\"{environment}\",\"region\":\"eu-west-1\",\"instance\":\"{instance}\"}},")
                .Append(CultureInfo.InvariantCulture, $"\"annotations\":{{\"summary\":\"bench alert {number}\",\"burn_rate\":\"14.4\"}}}}");
        }
        json.Append("]}");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
