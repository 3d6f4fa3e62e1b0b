using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace Bot.Benchmarks;

/// <summary>
/// <c>GET /api/slo/status?scope=all</c> and the console's <c>status all</c> over a catalog of the example's SLOs plus
/// generated services up to 1,000 SLOs, each with pushed SLI counts in SQLite: with readings cached (the default
/// one-minute TTL, what people see most of the time) and with the cache off (every request reads every SLO's counts).
/// </summary>
internal static class SloStatusScenarios
{
    private const string SliToken = "benchmark-sli-token-0123456789";

    public static async Task StatusAsync(int slos, int requests)
    {
        var catalog = GeneratedCatalog(slos);
        try
        {
            foreach (var cached in new[] { true, false })
            {
                using var host = BenchHost.Start(messagesPerSecond: 1, new Dictionary<string, string>
                {
                    ["Catalog:Path"] = catalog,
                    ["Sli:Token"] = SliToken,
                    ["Slo:ReadingCacheTtl"] = cached ? "00:01:00" : "00:00:00",
                    ["Console:Enabled"] = "true",
                    ["OnCall:EscalationEnabled"] = "false",
                });
                using var http = new HttpClient { BaseAddress = host.Address };
                http.DefaultRequestHeaders.Authorization = new("Bearer", SliToken);
                var ids = await PushAsync(http, host);

                await MeasureAsync($"GET /api/slo/status?scope=all, {ids} SLOs, readings {(cached ? "cached" : "read every time")}",
                    () => http.GetAsync(new Uri("/api/slo/status?scope=all", UriKind.Relative)), requests);
                await MeasureAsync($"console 'status all', {ids} SLOs, readings {(cached ? "cached" : "read every time")}",
                    () => http.PostAsJsonAsync(new Uri("/api/console/commands", UriKind.Relative), new { channel = "payments-slo-breaches", user = "grace", text = "status all" }),
                    requests);
            }
        }
        finally
        {
            Directory.Delete(catalog, recursive: true);
        }
    }

    /// <summary>One interval per SLO, 20 minutes ago, with a different error ratio each; returns how many SLOs.</summary>
    private static async Task<int> PushAsync(HttpClient http, BenchHost host)
    {
        var slos = host.Services.GetService(typeof(Bot.Core.Catalog.CatalogHolder)) is Bot.Core.Catalog.CatalogHolder holder ? holder.Current.Slos : [];
        var end = DateTimeOffset.UtcNow.AddMinutes(-20);
        var n = 0;
        foreach (var slo in slos)
        {
            var total = 100_000;
            var good = total - (n++ % 50) * 3;
            using var response = await http.PostAsJsonAsync(new Uri($"/api/sli/{slo.Id}", UriKind.Relative),
                new { start = end.AddMinutes(-5), end, good, total });
            response.EnsureSuccessStatusCode();
        }
        return slos.Count;
    }

    private static async Task MeasureAsync(string what, Func<Task<HttpResponseMessage>> send, int requests)
    {
        for (var i = 0; i < 20; i++)
        {
            using var warm = await send();
            warm.EnsureSuccessStatusCode();
        }
        var latencies = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send();
            _ = await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"status  {what}, {requests} sequential requests: p50 {Scenarios.Percentile(latencies, 0.50):0.0} ms, p99 {Scenarios.Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
    }

    /// <summary>The example catalog, plus generated services of the payments team up to <paramref name="slos"/> SLOs in all.</summary>
    private static string GeneratedCatalog(int slos)
    {
        var folder = Directory.CreateTempSubdirectory("slobot-bench-catalog-").FullName;
        var source = Path.Combine(Directory.GetCurrentDirectory(), "manifests", "catalog");
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // The example has a few dozen SLOs; generated services hold 10 SLOs each, spread over the example's teams.
        string[] teams = ["payments", "checkout", "search", "identity", "platform", "messaging"];
        var yaml = new StringBuilder("services:\n");
        for (var s = 0; s < slos / 10; s++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: bench-{s:0000}\n    team: {teams[s % teams.Length]}\n    slos:\n");
            for (var o = 0; o < 10; o++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - name: slo-{o}\n        sli: availability\n        target: {(o % 2 == 0 ? "99.9%" : "99%")}\n");
            }
        }
        File.WriteAllText(Path.Combine(folder, "bench-services.yaml"), yaml.ToString());
        return folder;
    }
}
