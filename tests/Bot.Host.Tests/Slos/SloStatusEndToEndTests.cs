using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Core.Scheduling;
using Bot.Host.Tests.LocalConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Slos;

/// <summary>
/// SLO status end to end over the example catalog, as a team lives it: SLI counts pushed over HTTP, then
/// <c>status</c> typed into the console and <c>GET /api/slo/status</c>; error budget policy notices from the
/// evaluation timer. The clock stands still at <see cref="ConsoleBot.Now"/>.
/// </summary>
public sealed class SloStatusEndToEndTests
{
    private const string SliToken = "test-sli-push-token-0123456789";
    private const string CheckoutChannel = "checkout-slo-breaches";
    private static readonly DateTimeOffset Now = ConsoleBot.Now;

    private static ConsoleBot Bot() => new(new Dictionary<string, string>
    {
        ["Sli:Token"] = SliToken,
        ["OnCall:EscalationEnabled"] = "false",
    });

    private static async Task<HttpResponseMessage> PushAsync(ConsoleBot bot, string slo, object body, string? token = SliToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/sli/{slo}", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        return await bot.Client.SendAsync(request);
    }

    private static async Task PushOkAsync(ConsoleBot bot, string slo, int minutesAgo, long good, long total)
    {
        using var response = await PushAsync(bot, slo, new { start = Now.AddMinutes(-minutesAgo), end = Now.AddMinutes(-minutesAgo + 10), good, total });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Checkout's SLOs: availability (99.9%) 50 bad of 100,000 → consumed 50%, left 50%, burn 0.5×;
    /// latency (95%) 800 slow of 10,000 → consumed 160%, left −60%, burn 1.6×; cart reads Prometheus, which is not configured.
    /// </summary>
    private static async Task PushCheckoutAsync(ConsoleBot bot)
    {
        await PushOkAsync(bot, "checkout-api-requests-availability", 50, good: 99_950, total: 100_000);
        await PushOkAsync(bot, "checkout-api-requests-latency", 50, good: 9_200, total: 10_000);
    }

    [Fact]
    public async Task StatusOfATeam_AfterPushes_ShowsItsSlosWorstFirst_WithTheHandComputedNumbers()
    {
        await using var bot = Bot();
        await PushCheckoutAsync(bot);

        var answer = await bot.CommandAsync(CheckoutChannel, "diego", "status checkout");

        Assert.True(answer.Ok, answer.Text);
        var lines = answer.Text.Split('\n');
        Assert.Equal("Team Checkout · 3 SLOs: 1 exhausted, 1 healthy, 1 no data · 2026-05-04 10:20 UTC", lines[0]);
        Assert.Equal(
            "🔴 Checkout API / requests-latency · 95% over 28d rolling · SLI 92.000% · budget left −60.0% · burn 1h 1.6× / 24h 1.6× · exhaustion: exhausted",
            lines[1]);
        Assert.Equal(
            "🟢 Checkout API / requests-availability · 99.9% over 28d rolling · SLI 99.950% · budget left 50.0% · burn 1h 0.5× / 24h 0.5× · exhaustion: in about 28 days at the 1h rate",
            lines[2]);
        Assert.Equal("⚪ Cart / requests-availability · 99.5% over 28d rolling · no data: the SLO reads Prometheus, but Prometheus:BaseUrl is not set", lines[3]);
    }

    [Fact]
    public async Task StatusApi_ReturnsTheSameReportAsJson()
    {
        await using var bot = Bot();
        await PushCheckoutAsync(bot);

        var json = JsonNode.Parse(await bot.Client.GetStringAsync(new Uri("/api/slo/status?scope=checkout", UriKind.Relative)))!;

        Assert.Equal("team", (string?)json["scope"]!["kind"]);
        var rows = json["rows"]!.AsArray();
        Assert.Equal(["checkout-api-requests-latency", "checkout-api-requests-availability", "cart-requests-availability"], rows.Select(r => (string)r!["sloId"]!));
        Assert.Equal("exhausted", (string?)rows[0]!["state"]);
        Assert.Equal(-0.6, (double)rows[0]!["remaining"]!, 9);
        Assert.Equal(1.6, (double)rows[0]!["burn"]!["1h"]!, 9);
        Assert.Equal(0.5, (double)rows[1]!["remaining"]!, 9);
        Assert.Equal("pushed", (string?)rows[1]!["origin"]);
        Assert.Equal("noData", (string?)rows[2]!["state"]);
        Assert.Contains("Prometheus:BaseUrl", (string?)rows[2]!["noData"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusOfABusinessLine_RollsUpItsDomainsWorstFirst_AndHintsWhereToDrillDown()
    {
        await using var bot = Bot();
        await PushCheckoutAsync(bot);

        var answer = await bot.CommandAsync(CheckoutChannel, "diego", "status commerce");

        Assert.True(answer.Ok, answer.Text);
        var lines = answer.Text.Split('\n');
        Assert.StartsWith("Business line Commerce · ", lines[0], StringComparison.Ordinal);
        Assert.Equal("By domain, worst first:", lines[1]);
        Assert.StartsWith("• Money Movement · ", lines[2], StringComparison.Ordinal);
        Assert.Contains("1 exhausted", lines[2], StringComparison.Ordinal);
        Assert.Contains("lowest budget −60.0% (checkout-api-requests-latency)", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("• Discovery · ", lines[3], StringComparison.Ordinal);
        Assert.Equal("Worst SLOs:", lines[4]);
        Assert.StartsWith("🔴 Checkout API / requests-latency", lines[5], StringComparison.Ordinal);
        Assert.Equal("Drill down: status money-movement", lines[^1]);
    }

    [Fact]
    public async Task Push_SameIntervalAgain_IsAlreadyRecorded_AndCountsOnce()
    {
        await using var bot = Bot();
        var body = new { start = Now.AddMinutes(-50), end = Now.AddMinutes(-40), good = 99_950, total = 100_000 };
        using (var first = await PushAsync(bot, "checkout-api-requests-availability", body))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var again = await PushAsync(bot, "checkout-api-requests-availability", body);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("alreadyRecorded", (string?)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["outcome"]);
        var json = JsonNode.Parse(await bot.Client.GetStringAsync(new Uri("/api/slo/status?scope=checkout-api-requests-availability", UriKind.Relative)))!;
        Assert.Equal(0.5, (double)json["rows"]![0]!["remaining"]!, 9);
    }

    [Fact]
    public async Task Push_OverlappingWithOtherCounts_IsAConflictNamingTheRecordedInterval()
    {
        await using var bot = Bot();
        await PushOkAsync(bot, "checkout-api-requests-availability", 50, good: 99_950, total: 100_000);

        using var response = await PushAsync(bot, "checkout-api-requests-availability",
            new { start = Now.AddMinutes(-45), end = Now.AddMinutes(-35), good = 10, total = 10 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("overlaps", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"end\":\"2026-05-04T10:00:00Z\",\"good\":1,\"total\":1}", "missing start")]
    [InlineData("{\"start\":\"2026-05-04T10:00:00Z\",\"end\":\"2026-05-04T09:00:00Z\",\"good\":1,\"total\":1}", "must be after start")]
    [InlineData("{\"start\":\"2026-05-04T10:00:00Z\",\"end\":\"2026-05-04T10:05:00Z\",\"good\":5,\"total\":4}", "good (5) cannot exceed total (4)")]
    [InlineData("{\"start\":\"2026-05-04T10:00:00Z\",\"end\":\"2026-05-04T10:05:00Z\",\"good\":-1,\"total\":4}", "0 or more")]
    [InlineData("{\"start\":\"2026-05-04T11:00:00Z\",\"end\":\"2026-05-04T11:05:00Z\",\"good\":1,\"total\":1}", "in the future")]
    [InlineData("{\"start\":\"2026-05-02T10:00:00Z\",\"end\":\"2026-05-04T10:05:00Z\",\"good\":1,\"total\":1}", "at most 24 hours")]
    [InlineData("{\"start\":\"2026-03-01T10:00:00Z\",\"end\":\"2026-03-01T10:05:00Z\",\"good\":1,\"total\":1}", "more than 35 days ago")]
    public async Task Push_BadInput_Is400NamingWhatIsWrong_AndRecordsNothing(string body, string problem)
    {
        await using var bot = Bot();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/sli/checkout-api-requests-availability", UriKind.Relative))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", SliToken);

        using var response = await bot.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var json = JsonNode.Parse(await bot.Client.GetStringAsync(new Uri("/api/slo/status?scope=checkout-api-requests-availability", UriKind.Relative)))!;
        Assert.Equal("breaches", (string?)json["rows"]![0]!["origin"]);
    }

    [Fact]
    public async Task Push_WithoutTheToken_Is401_AndToAnUnknownSlo_Is404()
    {
        await using var bot = Bot();
        var body = new { start = Now.AddMinutes(-10), end = Now.AddMinutes(-5), good = 1, total = 1 };

        using var anonymous = await PushAsync(bot, "checkout-api-requests-availability", body, token: null);
        using var wrong = await PushAsync(bot, "checkout-api-requests-availability", body, token: "not-the-token-0123456789");
        using var unknown = await PushAsync(bot, "checkout-api-nope", body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("checkout-api-nope", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_WithNoTokenConfigured_IsTurnedOff()
    {
        await using var bot = new ConsoleBot();

        using var response = await PushAsync(bot, "checkout-api-requests-availability", new { start = Now.AddMinutes(-10), end = Now.AddMinutes(-5), good = 1, total = 1 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Sli:Token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyCondition_CrossedBetweenEvaluations_SendsExactlyOneNotice_ToTheTeamAndItsRing()
    {
        await using var bot = Bot();
        await PushOkAsync(bot, "checkout-api-requests-availability", 50, good: 99_950, total: 100_000); // consumed 50%
        await EvaluateAsync(bot);
        Assert.Empty(await bot.NoticesAsync(CheckoutChannel));

        // 120 more bad of 100,000: 170 of 200,000 is 0.085% against a 0.1% budget, 85% consumed: past checkout's 80%.
        await PushOkAsync(bot, "checkout-api-requests-availability", 30, good: 99_880, total: 100_000);
        await EvaluateAsync(bot);
        await EvaluateAsync(bot);

        var notice = Assert.Single(await bot.WaitForNoticesAsync(CheckoutChannel, n => n.Count > 0, "the policy notice"));
        Assert.Contains("80%", notice.Title, StringComparison.Ordinal);
        Assert.Contains("requests-availability", notice.Title, StringComparison.Ordinal);
        Assert.Contains(notice.Fields, f => f.Value.Contains("30% of its capacity for reliability", StringComparison.Ordinal));
        var ring = Assert.Single(await bot.WaitForNoticesAsync("product-management", n => n.Count > 0, "the policy notice for ring 1"));
        Assert.Equal(notice.NoticeId, ring.NoticeId);
        await EvaluateAsync(bot);
        Assert.Single(await bot.NoticesAsync(CheckoutChannel));
    }

    [Fact]
    public async Task IncidentMessage_OfAnAlertWithoutBudgetFigures_ShowsTheSlosBudgetAsTheBotReadsIt()
    {
        await using var bot = Bot();
        // Payment Gateway availability, 99.95%: 25 bad of 100,000 is half the budget, burning at 0.5× over the last hour.
        await PushOkAsync(bot, "payment-gateway-requests-availability", 50, good: 99_975, total: 100_000);
        await EvaluateAsync(bot);

        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(Now.AddMinutes(-5)));

        var messages = await bot.WaitForChannelAsync("payments-slo-breaches", m => m.Any(x => x!["threadId"] is null), "the incident card");
        var fields = messages.Single(m => m!["threadId"] is null)!["body"]!["fields"]!.AsArray()
            .ToDictionary(f => (string)f!["name"]!, f => (string)f!["value"]!);
        Assert.Equal("50%", fields["Error budget left"]);
        Assert.Equal("0.5× over 1h", fields["Burn rate"]);
        Assert.Equal("about 28 days at the 1h rate", fields["Exhausted in"]);
    }

    private static Task EvaluateAsync(ConsoleBot bot) =>
        bot.Factory.Services.GetServices<ITimerHandler>().Single(h => h.Kind == "slo-evaluation")
            .HandleAsync(new TimerFired(new TimerKey("slo-evaluation", "all"), Now, Now, Recovering: false), CancellationToken.None);
}
