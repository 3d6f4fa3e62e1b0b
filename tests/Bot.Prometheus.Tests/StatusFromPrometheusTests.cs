using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Prometheus.Tests.Support;
using Bot.Testing;

namespace Bot.Prometheus.Tests;

/// <summary>
/// <c>/slo status</c> itself (the status board and its text) over the real Prometheus of <see cref="KnownPrometheus"/>:
/// the row shows the figures worked out by hand in <see cref="PrometheusServerTests"/>; with Prometheus gone, the row
/// says "no data" and why, never a number.
/// </summary>
public sealed class StatusFromPrometheusTests(KnownPrometheus prometheus) : IClassFixture<KnownPrometheus>
{
    private const string BadQuery = "sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))";
    private const string TotalQuery = "sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))";

    private static SloStatusBoard Board(string prometheusUrl)
    {
        var slo = Readers.Slo(new SliDataSource.PrometheusQueries(BadQuery, null, TotalQuery), target: 0.999);
        var team = new Team("checkout", "Checkout", "commerce", [], [new ChatDestination(ChatPlatform.Console, "checkout-slo-breaches")], []);
        var catalog = new ServiceCatalog(
            [new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, null)], [team],
            [new Service("checkout", "Checkout", "checkout", null, [], [], null, null)], [slo], [], [], [], [], [], []);
        var clock = new ManualClock(KnownSliData.Now);
        var holder = new CatalogHolder(new Fixed(catalog), clock);
        holder.Reload();
        var options = new SloOptions();
        var incidents = new NoIncidents();
        var readings = new SliReadings(
            new PushedSliReader(new NothingPushed()), new BreachEstimateReader(incidents, options), options, clock,
            Readers.Create(prometheusUrl, new SocketsHttpHandler(), timeout: TimeSpan.FromSeconds(30), time: clock));
        return new SloStatusBoard(holder, readings, incidents, clock);
    }

    [PrometheusFact]
    public async Task Status_OfTheService_ShowsTheHandComputedRow()
    {
        var report = await Board(prometheus.BaseUrl.ToString()).ReportAsync(new SloScope(SloScopeKind.Team, "checkout", "Checkout"), CancellationToken.None);

        // By hand (PrometheusServerTests): SLI 1 − 22,570/40,320,000 = 99.944%; left 17,750/40,320 = 44.0%; burn 1h
        // 22.5×, 24h 2.729× → 2.7×; 44.02% of 28 days at 22.5× lasts 788.9 min ≈ 13 h. Rolling and above 1×: burning.
        var row = Assert.Single(report.Rows);
        Assert.Equal(SloState.Burning, row.State);
        Assert.Equal(SliOrigin.Prometheus, row.Origin);
        Assert.Equal(
            "🟠 Checkout / requests-availability · 99.9% over 28d rolling · SLI 99.944% · budget left 44.0% · burn 1h 22.5× / 24h 2.7× · exhaustion: in about 13 h at the 1h rate",
            SloStatusText.Line(row));
    }

    [Fact]
    public async Task Status_WithPrometheusStopped_SaysNoDataAndWhy()
    {
        var report = await Board("http://127.0.0.1:9/").ReportAsync(new SloScope(SloScopeKind.Team, "checkout", "Checkout"), CancellationToken.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(SloState.NoData, row.State);
        Assert.Null(row.Budget);
        Assert.StartsWith(
            "⚪ Checkout / requests-availability · 99.9% over 28d rolling · no data: Prometheus at http://127.0.0.1:9/ is unreachable",
            SloStatusText.Line(row), StringComparison.Ordinal);
    }

    private sealed class Fixed(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "test";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }

    private sealed class NothingPushed : ISliStore
    {
        public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<PushedCounts?>(null);

        public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class NoIncidents : IIncidentStore
    {
        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<IncidentDetails?>(null);

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IncidentRecord>>([]);

        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BreachSpan>>([]);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());
    }
}
