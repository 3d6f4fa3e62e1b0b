using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bot.MsTeams.Fake;

namespace Bot.Benchmarks;

/// <summary>
/// Teams activities as Bot Framework sends them, against a fake Teams on loopback (its signing keys, token endpoint
/// and Bot Connector): each request's JWT validated, the command run, and its answer posted to the Connector before
/// the bot's 200; card clicks answered with the refreshed card. The time Bot Framework waits for each.
/// </summary>
internal static class TeamsScenarios
{
    private const string Tenant = "5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14";
    private const string PaymentsTeam = "19:a1f3c2d4e5b64f7a8c9d0e1f2a3b4c5d@thread.tacv2";
    private const string PaymentsChannel = "19:b2e4d3c5f6a74e8b9dad1f2e3b4c5d6e@thread.tacv2";

    private static readonly TeamsUser Ana = new("29:1Xq8fAnaKovacPaymentsNw01", "Ana Kovač", "0b5a3c1e-1111-4a2b-9c3d-000000000001", "ana@example.com", Tenant);

    public static async Task ActivitiesAsync(int requestsPerSecond, TimeSpan duration)
    {
        var options = new FakeTeamsOptions { TenantId = Tenant, EnforceRateLimits = false };
        await using var teams = await FakeTeams.StartAsync(options);
        teams.AddChannel(PaymentsTeam, PaymentsChannel, Tenant);
        using var host = BenchHost.Start(double.PositiveInfinity, new Dictionary<string, string>
        {
            ["MsTeams:AppId"] = options.AppId,
            ["MsTeams:AppPassword"] = options.AppPassword,
            ["MsTeams:TenantId"] = Tenant,
            ["MsTeams:OpenIdMetadataUrl"] = teams.OpenIdMetadataUrl.ToString(),
            ["MsTeams:TokenEndpoint"] = teams.TokenEndpoint.ToString(),
        });
        using var driver = new TeamsDriver(teams, host.Address);
        await driver.BotAddedToTeamAsync(Ana, PaymentsTeam);

        await MeasureAsync("teams   @SLO Bot command, answer posted", requestsPerSecond, duration,
            n => driver.MentionAsync(Ana, PaymentsChannel, (n % 3) switch { 0 => "status payments", 1 => "help", _ => "ack 999999" }));

        // A card to click: the bot posts it through the outbox to the (recording) channel, so forge one in the fake.
        var card = await driver.MentionAsync(Ana, PaymentsChannel, "help");
        var cardId = teams.Posts(PaymentsChannel).Single(p => p.Id == (string?)card.Activity["id"]).Replies.Single(r => r.FromBot).Id;
        await MeasureAsync("teams   Action.Execute click, invoke answered", requestsPerSecond, duration,
            _ => driver.ExecuteActionAsync(Ana, cardId, "incident.acknowledge", data: new JsonObject { ["incidentId"] = 999999 }));
    }

    private static async Task MeasureAsync(string what, int requestsPerSecond, TimeSpan duration, Func<int, Task<TeamsDelivery>> send)
    {
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
            var number = n;
            requests.Add(Task.Run(async () =>
            {
                var delivery = await send(number);
                if (delivery.Status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{what}: HTTP {delivery.Status} {delivery.Body}");
                }
                if (index >= 0)
                {
                    latencies[index] = delivery.Elapsed.TotalMilliseconds;
                }
            }));
        }
        await Task.WhenAll(requests);
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}, {requestsPerSecond}/s for {duration.TotalSeconds:0} s: p50 {Scenarios.Percentile(latencies, 0.50):0.0} ms, p99 {Scenarios.Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
    }
}
