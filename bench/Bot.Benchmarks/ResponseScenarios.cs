using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.Benchmarks;

/// <summary>
/// The incident response paths (docs/incidents.md) on one incident with a long timeline: a P1 breach of the example
/// catalog's Payment Gateway availability SLO (team payments) that started five days ago, given a few hundred role and
/// severity changes, a first stakeholder notification, resolved four days ago by its alert (so its postmortem meeting
/// is overdue), its postmortem started (its Timeline section pre-filled with every event) and some 50 action items.
/// Then, sequentially: the postmortem read as Markdown (with the live action item table) and as JSON, the timeline,
/// and the writes (a postmortem section, an action item's state, a stakeholder update) and <c>status payments</c> as
/// console commands. Chat delivery goes to the zero-latency recording channel, unlimited, and runs alongside.
/// </summary>
internal static class ResponseScenarios
{
    private const string PaymentsChannel = "payments-slo-breaches";

    private static readonly string[] Drivers = ["ana", "kwame", "mei"];

    /// <param name="timelineEvents">Role and severity changes given to the incident before it is resolved.</param>
    /// <param name="actionItems">Action items added to its postmortem.</param>
    /// <param name="requests">Measured requests per path, after 20 unmeasured ones.</param>
    public static async Task RunAsync(int timelineEvents, int actionItems, int requests)
    {
        using var host = BenchHost.Start(double.PositiveInfinity, new Dictionary<string, string>
        {
            ["Console:Enabled"] = "true",
            ["OnCall:EscalationEnabled"] = "false",
        });
        using var alerts = host.CreateAlertClient();
        using var http = new HttpClient { BaseAddress = host.Address };

        var setup = Stopwatch.StartNew();
        await SetUpAsync(host, alerts, http, timelineEvents, actionItems);
        var events = await CountAsync(http, "/api/incidents/1/timeline");
        var markdown = await GetStringAsync(http, "/api/postmortems/1.md");
        var status = await CommandAsync(http, "kwame", "status payments");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"response set-up in {setup.Elapsed.TotalSeconds:0.0} s: incident #1 with {events} timeline events, PM-1 of {markdown.Length / 1024.0:0} KB ({markdown.Split('\n').Length} lines), {actionItems} action items"));
        foreach (var line in status.Split('\n').Where(l => l.StartsWith("Overdue postmortems", StringComparison.Ordinal) || l.StartsWith("Action items", StringComparison.Ordinal)))
        {
            Console.WriteLine($"response 'status payments' shows: {line}");
        }

        // Reads first, so every read sees the same timeline; the writes after them add an event each.
        await MeasureAsync("GET /api/postmortems/1.md", _ => http.GetAsync(new Uri("/api/postmortems/1.md", UriKind.Relative)), requests);
        await MeasureAsync("GET /api/postmortems/1", _ => http.GetAsync(new Uri("/api/postmortems/1", UriKind.Relative)), requests);
        await MeasureAsync("GET /api/incidents/1/timeline", _ => http.GetAsync(new Uri("/api/incidents/1/timeline", UriKind.Relative)), requests);
        await MeasureAsync("console 'postmortem PM-1 set summary <text>'", n => Command(http, "ana",
            string.Create(CultureInfo.InvariantCulture, $"postmortem PM-1 set summary Revision {n}: the gateway's TLS certificate expired; card payments in the EU failed until a new one was rolled out.")),
            requests);
        // Each item goes to Ready and back to New (back by one step is allowed), one item after another.
        await MeasureAsync("console 'action AI-n state ready' / 'state new'", n => Command(http, "kwame",
            string.Create(CultureInfo.InvariantCulture, $"action AI-{n / 2 % actionItems + 1} state {(n % 2 == 0 ? "ready" : "new")}")),
            requests);
        await MeasureAsync("console 'notify #1 update <text>'", n => Command(http, "ana",
            string.Create(CultureInfo.InvariantCulture, $"notify #1 update Update {n}: the new certificate is live in every region; we are watching the error rate.")),
            requests);
        await MeasureAsync("console 'status payments'", _ => Command(http, "kwame", "status payments"), requests);
        var after = await CountAsync(http, "/api/incidents/1/timeline");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"response afterwards: {after} timeline events, {host.Channel.Messages} chat posts, edits and replies delivered"));
    }

    private static async Task SetUpAsync(BenchHost host, HttpClient alerts, HttpClient http, int timelineEvents, int actionItems)
    {
        // The breach started five days ago; its alert opens incident #1 (P1 from its SLO, critical from Sloth's page).
        var startsAt = DateTimeOffset.UtcNow.AddDays(-5);
        await AlertAsync(alerts, startsAt, endsAt: null);

        // Roles and severity, each change one timeline event (and an edit of the card and a thread reply).
        string[] changes = ["incident #1 expert @mei knows the acquirers", "incident #1 severity error workaround in place",
            "incident #1 expert remove @mei", "incident #1 severity critical most users cannot pay"];
        for (var i = 0; i < timelineEvents; i++)
        {
            await CommandAsync(http, "kwame", changes[i % changes.Length]);
        }
        await CommandAsync(http, "ana", "incident #1 coordinator @kwame");
        await CommandAsync(http, "ana", "incident #1 communicator me");
        await CommandAsync(http, "ana", "notify #1 first Card payments fail in the EU; we are on it.");

        // Resolved by its alert a day after it started, four days ago: the P1 postmortem's meeting (72 h) is overdue.
        await AlertAsync(alerts, startsAt, endsAt: startsAt.AddDays(1));
        var incident = JsonNode.Parse(await GetStringAsync(http, "/api/incidents/1"))!;
        if (!string.Equals((string?)incident["state"], "resolved", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Incident #1 is not resolved by its alert: {incident.ToJsonString()}");
        }

        await CommandAsync(http, "kwame", "postmortem #1");
        var review = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 1; i <= actionItems; i++)
        {
            await CommandAsync(http, "kwame", string.Create(CultureInfo.InvariantCulture,
                $"action add PM-1 Follow-up {i}: alert before a gateway certificate expires driver @{Drivers[i % Drivers.Length]} review {review} priority P{i % 3 + 1}"));
        }

        // Let delivery catch up (every change above is an edit and a reply), so it does not run into the first figures.
        var settled = Stopwatch.StartNew();
        var last = -1L;
        while (settled.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = host.Channel.Messages;
            if (now == last)
            {
                break;
            }
            last = now;
        }
    }

    /// <summary>Payment Gateway's availability burn as Alertmanager posts it: firing, or resolved at <paramref name="endsAt"/>.</summary>
    private static async Task AlertAsync(HttpClient alerts, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["version"] = "4",
            ["status"] = endsAt is null ? "firing" : "resolved",
            ["receiver"] = "slo-bot",
            ["groupKey"] = "{}:{alertname=\"PaymentGatewayHighErrorRate\"}",
            ["alerts"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["status"] = endsAt is null ? "firing" : "resolved",
                    ["labels"] = new Dictionary<string, string>
                    {
                        ["alertname"] = "PaymentGatewayHighErrorRate", ["sloth_service"] = "payment-gateway", ["sloth_slo"] = "requests-availability",
                        ["sloth_severity"] = "page", ["environment"] = "production", ["region"] = "eu-central-1", ["burn_rate"] = "14.4", ["window"] = "1h",
                    },
                    ["annotations"] = new Dictionary<string, string> { ["summary"] = "PaymentGatewayHighErrorRate is burning the error budget." },
                    ["startsAt"] = Time(startsAt),
                    ["endsAt"] = endsAt is { } end ? Time(end) : "0001-01-01T00:00:00Z",
                    ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=slo",
                },
            },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await alerts.PostAsync(new Uri("/api/alerts/alertmanager", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> Command(HttpClient http, string user, string text) =>
        http.PostAsJsonAsync(new Uri("/api/console/commands", UriKind.Relative), new { channel = PaymentsChannel, user, text });

    /// <summary>Runs a console command that must succeed; returns the answer's text.</summary>
    private static async Task<string> CommandAsync(HttpClient http, string user, string text)
    {
        using var response = await Command(http, user, text);
        return Answer(text, response.StatusCode, await response.Content.ReadAsStringAsync()) ?? "";
    }

    /// <summary>The text of a console answer; throws when the request or the command failed. Null for a body that is not a console answer.</summary>
    private static string? Answer(string what, System.Net.HttpStatusCode code, string body)
    {
        if ((int)code is < 200 or > 299)
        {
            throw new InvalidOperationException($"'{what}' answered {(int)code}: {body}");
        }
        if (!body.StartsWith('{') || JsonNode.Parse(body) is not JsonObject answer || answer["ok"] is null)
        {
            return null;
        }
        return (bool)answer["ok"]! ? (string?)answer["text"] : throw new InvalidOperationException($"'{what}' was refused: {(string?)answer["text"]}");
    }

    private static async Task<string> GetStringAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        _ = Answer(path, response.StatusCode, body);
        return body;
    }

    private static async Task<int> CountAsync(HttpClient http, string path) => JsonNode.Parse(await GetStringAsync(http, path))!.AsArray().Count;

    /// <summary>20 unmeasured requests, then <paramref name="requests"/> sequential ones; each answer is read and checked (a refused command fails the run).</summary>
    private static async Task MeasureAsync(string what, Func<int, Task<HttpResponseMessage>> send, int requests)
    {
        const int warmUp = 20;
        var latencies = new double[requests];
        for (var n = 0; n < warmUp + requests; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send(n);
            var body = await response.Content.ReadAsStringAsync();
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _ = Answer(what, response.StatusCode, body);
            if (n >= warmUp)
            {
                latencies[n - warmUp] = took;
            }
        }
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"response {what}, {requests} sequential requests: p50 {Scenarios.Percentile(latencies, 0.50):0.0} ms, p95 {Scenarios.Percentile(latencies, 0.95):0.0} ms, p99 {Scenarios.Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
    }
}
