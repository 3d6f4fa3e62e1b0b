using Bot.Core.Catalog;
using Bot.Prometheus.Tests.Support;

namespace Bot.Prometheus.Tests;

/// <summary>What the reader asks Prometheus, per source kind, and the period's range for rolling and calendar SLOs.</summary>
public sealed class SliQueryTests
{
    private static string Labelled(string expression, string window) => $"label_replace({expression}, \"slobot_window\", \"{window}\", \"\", \"\")";

    [Fact]
    public async Task ReadAsync_OwnBadAndTotalQueries_AsksOnceForBadOverTotalOverEveryWindowAndThePeriod()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.OwnQueries();

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        static string Ratio(string range) =>
            $"(sum(rate(http_requests_total{{job=\"checkout\",code=~\"5..\"}}[{range}]))) / (sum(rate(http_requests_total{{job=\"checkout\"}}[{range}])))";
        var expected = string.Join(" or ",
            Labelled(Ratio("5m"), "5m"), Labelled(Ratio("1h"), "1h"), Labelled(Ratio("6h"), "6h"), Labelled(Ratio("1d"), "1d"),
            Labelled(Ratio("7d"), "7d"), Labelled(Ratio("28d"), "period"));
        Assert.Equal(expected, prometheus.Query);
        var request = Assert.Single(prometheus.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://prometheus.test:9090/api/v1/query", request.RequestUri!.GetLeftPart(UriPartial.Path));
        Assert.Equal(Readers.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), prometheus.Parameter("time"));
        Assert.Equal("5", prometheus.Parameter("timeout"));
    }

    [Fact]
    public async Task ReadAsync_OwnGoodQueryWithSpacedPlaceholder_AsksForOneMinusGoodOverTotal()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090/", prometheus);
        var slo = Readers.Slo(new SliDataSource.PrometheusQueries(null, Readers.GoodQuery, Readers.TotalQuery));

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        Assert.StartsWith(
            Labelled("1 - ((sum(rate(http_requests_total{job=\"checkout\",code!~\"5..\"}[5m]))) / (sum(rate(http_requests_total{job=\"checkout\"}[5m]))))", "5m") + " or ",
            prometheus.Query,
            StringComparison.Ordinal);
        Assert.EndsWith(
            " or " + Labelled("1 - ((sum(rate(http_requests_total{job=\"checkout\",code!~\"5..\"}[28d]))) / (sum(rate(http_requests_total{job=\"checkout\"}[28d]))))", "period"),
            prometheus.Query,
            StringComparison.Ordinal);
        Assert.DoesNotContain("{{", prometheus.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SlothRules_ReadsRecordedRatiosAndAveragesFiveMinuteRatiosOver7dAndThePeriod()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.Slo(new SliDataSource.SlothRules("checkout-requests-availability"));

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        const string Id = "{sloth_id=\"checkout-requests-availability\"}";
        Assert.Equal(
            string.Join(" or ",
                Labelled($"slo:sli_error:ratio_rate5m{Id}", "5m"),
                Labelled($"slo:sli_error:ratio_rate1h{Id}", "1h"),
                Labelled($"slo:sli_error:ratio_rate6h{Id}", "6h"),
                Labelled($"slo:sli_error:ratio_rate1d{Id}", "1d"),
                Labelled($"avg_over_time(slo:sli_error:ratio_rate5m{Id}[7d])", "7d"),
                Labelled($"avg_over_time(slo:sli_error:ratio_rate5m{Id}[28d])", "period")),
            prometheus.Query);
    }

    [Fact]
    public async Task ReadAsync_PyrraRules_DividesAveragedErrorsByAveragedRequests()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.Slo(new SliDataSource.PyrraRules("checkout-errors"), new SloWindow(SloWindowKind.Rolling, 30));

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        static string Ratio(string range) =>
            $"sum(avg_over_time(pyrra_errors:rate5m{{slo=\"checkout-errors\"}}[{range}])) / sum(avg_over_time(pyrra_requests:rate5m{{slo=\"checkout-errors\"}}[{range}]))";
        Assert.Equal(
            string.Join(" or ",
                Labelled(Ratio("5m"), "5m"), Labelled(Ratio("1h"), "1h"), Labelled(Ratio("6h"), "6h"), Labelled(Ratio("1d"), "1d"),
                Labelled(Ratio("7d"), "7d"), Labelled(Ratio("30d"), "period")),
            prometheus.Query);
    }

    [Fact]
    public async Task ReadAsync_LabelValueWithQuoteAndBackslash_IsEscapedInTheSelector()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.Slo(new SliDataSource.SlothRules("odd\"id\\x"));

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        Assert.Contains("slo:sli_error:ratio_rate5m{sloth_id=\"odd\\\"id\\\\x\"}", prometheus.Query, StringComparison.Ordinal);
    }

    [Theory]
    // Rolling: the window itself.
    [InlineData("rolling", 28, "2025-03-12T14:30:00Z", "28d")]
    [InlineData("rolling", 30, "2025-03-12T14:30:00Z", "30d")]
    [InlineData("rolling", 7, "2025-03-12T14:30:00Z", "7d")]
    // Calendar: a four-week block began Monday 2025-02-17 00:00 UTC (1970-01-05 + 719 × 28 days); 9 days 3 hours
    // later is 9 × 86,400 + 3 × 3,600 = 788,400 s.
    [InlineData("calendar", 28, "2025-02-26T03:00:00Z", "788400s")]
    // Fractions of a second are dropped: whole seconds only.
    [InlineData("calendar", 28, "2025-02-26T03:00:00.900Z", "788400s")]
    // The very instant a period begins has no range yet; PromQL has no empty range, so 1 s (which has no samples).
    [InlineData("calendar", 28, "2025-02-17T00:00:00Z", "1s")]
    public async Task ReadAsync_Period_RangeIsTheRollingWindowOrTheSecondsSinceTheCalendarPeriodBegan(string kind, int days, string now, string range)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var window = new SloWindow(kind == "rolling" ? SloWindowKind.Rolling : SloWindowKind.CalendarWeeks, days);
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.OwnQueries(window);

        await reader.ReadAsync(slo, window.PeriodAt(at), at, CancellationToken.None);

        Assert.EndsWith(
            Labelled($"(sum(rate(http_requests_total{{job=\"checkout\",code=~\"5..\"}}[{range}]))) / (sum(rate(http_requests_total{{job=\"checkout\"}}[{range}])))", "period"),
            prometheus.Query,
            StringComparison.Ordinal);
        Assert.Equal((at.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), prometheus.Parameter("time"));
    }

    [Fact]
    public async Task ReadAsync_QueryWithoutWindowPlaceholder_NoDataWithoutAskingPrometheus()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus);
        var slo = Readers.Slo(new SliDataSource.PrometheusQueries("sum(rate(http_requests_total{code=\"500\"}[5m]))", null, Readers.TotalQuery));

        var read = await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        Assert.Null(read.Reading);
        Assert.Equal(
            "the SLO's Prometheus query 'sum(rate(http_requests_total{code=\"500\"}[5m]))' has no {{.window}} placeholder for the range, so every window would read the same",
            read.NoDataReason);
        Assert.Empty(prometheus.Requests);
    }

    [Fact]
    public async Task ReadAsync_BaseUrlWithAPathPrefix_QueriesBelowIt()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("https://monitoring.example.com/prometheus", prometheus);
        var slo = Readers.OwnQueries();

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        Assert.Equal("https://monitoring.example.com/prometheus/api/v1/query", Assert.Single(prometheus.Requests).RequestUri!.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task ReadAsync_BearerToken_IsSentAsAuthorization()
    {
        var prometheus = new StubPrometheus();
        var reader = Readers.Create("http://prometheus.test:9090", prometheus, bearerToken: "s3cret");
        var slo = Readers.OwnQueries();

        await reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, CancellationToken.None);

        var authorization = Assert.Single(prometheus.Requests).Headers.Authorization;
        Assert.Equal("Bearer", authorization?.Scheme);
        Assert.Equal("s3cret", authorization?.Parameter);
    }
}
