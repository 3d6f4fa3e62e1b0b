using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>An SLO's <c>source:</c>, where its SLI data comes from: Prometheus queries, Sloth or Pyrra rules, or pushes only.</summary>
public sealed class SliSourceTests
{
    private const string Slo = "checkout-api-requests-availability";

    /// <summary>Service checkout-api with one SLO whose <c>source</c> starts at line 8 (<paramref name="source"/> is indented for it).</summary>
    private static TempCatalog WithSource(string source) => TempCatalog.WithOrgAndTeam().With("services.yaml", $"""
        services:
          - id: checkout-api
            team: payments
            slos:
              - name: requests-availability
                sli: availability
                target: 99.9%
        {string.Join("\n", source.Split('\n').Select(line => "        " + line))}
        """);

    private static SliDataSource? SourceOf(string source)
    {
        using var temp = WithSource(source);
        return temp.Catalog().FindSlo(Slo)!.Source;
    }

    [Fact]
    public void Load_PrometheusBadAndTotalQueries_AreKeptAsWritten()
    {
        var source = SourceOf("""
            source:
              prometheus:
                badQuery: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
                totalQuery: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
            """);

        Assert.Equal(
            new SliDataSource.PrometheusQueries(
                """sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))""", null, """sum(rate(http_requests_total{job="checkout"}[{{.window}}]))"""),
            source);
    }

    [Fact]
    public void Load_PrometheusGoodQuery_IsTheGoodSide()
    {
        var source = SourceOf("""
            source:
              prometheus:
                goodQuery: sum(rate(requests_ok_total[{{.window}}]))
                totalQuery: sum(rate(requests_total[{{.window}}]))
            """);

        Assert.Equal(new SliDataSource.PrometheusQueries(null, "sum(rate(requests_ok_total[{{.window}}]))", "sum(rate(requests_total[{{.window}}]))"), source);
    }

    [Theory]
    [InlineData("source: { sloth: checkout-api-requests-availability }", "checkout-api-requests-availability")]
    [InlineData("source: { sloth: checkout-requests-availability }", "checkout-requests-availability")]
    [InlineData("source: { sloth: true }", Slo)]
    public void Load_Sloth_ReadsTheRulesOfTheSlothIdOrTheSlosOwn(string yaml, string slothId)
    {
        Assert.Equal(new SliDataSource.SlothRules(slothId), SourceOf(yaml));
    }

    [Theory]
    [InlineData("source: { pyrra: checkout-errors }", "checkout-errors")]
    [InlineData("source:\n  pyrra: true", Slo)]
    public void Load_Pyrra_ReadsTheRulesOfThePyrraSlo(string yaml, string name)
    {
        Assert.Equal(new SliDataSource.PyrraRules(name), SourceOf(yaml));
    }

    [Fact]
    public void Load_Push_IsPushedCountsOnly()
    {
        Assert.Same(SliDataSource.Pushed.Instance, SourceOf("source: push"));
    }

    [Fact]
    public void Load_NoSource_LeavesItNull()
    {
        Assert.Null(SourceOf("description: pushed, else estimated"));
    }

    [Theory]
    [InlineData(
        "source: pushed",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability' has invalid source 'pushed'; write push, or a mapping with one of prometheus, sloth, pyrra")]
    [InlineData(
        "source: { sloth: true, pyrra: checkout-errors }",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability': source must declare exactly one of source.prometheus, source.sloth, source.pyrra; found source.sloth and source.pyrra")]
    [InlineData(
        "source: {}",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability': source must declare exactly one of source.prometheus, source.sloth, source.pyrra; found none")]
    [InlineData(
        "source: { prometeus: x }",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability': unknown key 'source.prometeus'; allowed: prometheus, sloth, pyrra")]
    [InlineData(
        "source: { sloth: checkout api }",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability' has invalid source.sloth 'checkout api'; write the sloth_id of Sloth's recording rules (e.g. checkout-api-requests-availability), or true for this SLO's id")]
    [InlineData(
        "source: { pyrra: false }",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability' has invalid source.pyrra 'false'; write the name of the Pyrra SLO (its metadata.name, the slo label of its rules), or true for this SLO's id")]
    [InlineData(
        "source: { sloth: }",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability': missing required field 'source.sloth'")]
    [InlineData(
        "source: [push]",
        "manifests/catalog/services.yaml:8: slo 'checkout-api-requests-availability': 'source' must be a single value, not a list")]
    public void Load_InvalidSource_ReportsItAtItsLine(string yaml, string error)
    {
        using var temp = WithSource(yaml);

        Assert.Equal([error], temp.Errors());
    }

    [Fact]
    public void Load_PrometheusQueryWithoutPlaceholder_ReportsTheQuery()
    {
        using var temp = WithSource("""
            source:
              prometheus:
                badQuery: sum(rate(http_requests_total{code=~"5.."}[5m]))
                totalQuery: sum(rate(http_requests_total[{{.window}}]))
            """);

        Assert.Equal(
            ["manifests/catalog/services.yaml:10: slo 'checkout-api-requests-availability' has source.prometheus.badQuery without the range placeholder {{.window}}; write its range as [{{.window}}], e.g. rate(http_requests_total[{{.window}}])"],
            temp.Errors());
    }

    [Theory]
    [InlineData(
        "badQuery: sum(rate(bad[{{.window}}]))\n    goodQuery: sum(rate(good[{{.window}}]))\n    totalQuery: sum(rate(all[{{.window}}]))",
        "manifests/catalog/services.yaml:10: slo 'checkout-api-requests-availability': source.prometheus needs exactly one of badQuery (bad events) and goodQuery (good events), besides totalQuery; found both")]
    [InlineData(
        "totalQuery: sum(rate(all[{{.window}}]))",
        "manifests/catalog/services.yaml:10: slo 'checkout-api-requests-availability': source.prometheus needs exactly one of badQuery (bad events) and goodQuery (good events), besides totalQuery; found neither")]
    [InlineData(
        "badQuery: sum(rate(bad[{{.window}}]))",
        "manifests/catalog/services.yaml:10: slo 'checkout-api-requests-availability': missing required field 'source.prometheus.totalQuery'")]
    [InlineData(
        "badQuery: sum(rate(bad[{{.window}}]))\n    totalQuery: sum(rate(all[{{.window}}]))\n    errorQuery: x",
        "manifests/catalog/services.yaml:12: slo 'checkout-api-requests-availability': unknown key 'source.prometheus.errorQuery'; allowed: badQuery, goodQuery, totalQuery")]
    public void Load_PrometheusQueriesOfTheWrongShape_AreReported(string queries, string error)
    {
        using var temp = WithSource("source:\n  prometheus:\n    " + queries);

        Assert.Equal([error], temp.Errors());
    }

    [Fact]
    public void Load_SourceOnADefaultSlo_IsAnUnknownKey()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("defaults.yaml", """
            defaults:
              slos:
                - name: availability
                  sli: availability
                  target: 90%
                  source: push
            """);

        Assert.Equal(
            ["manifests/catalog/defaults.yaml:6: default slo 'availability': unknown key 'source'; allowed: name, sli, target, window, threshold, priority, description"],
            temp.Errors());
    }
}
