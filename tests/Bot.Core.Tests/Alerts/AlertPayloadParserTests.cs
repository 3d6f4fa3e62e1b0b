using System.Text;
using Bot.Core.Alerts;

namespace Bot.Core.Tests.Alerts;

public sealed class AlertPayloadParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 5, 4, 10, 16, 0, TimeSpan.Zero);

    private static ReadOnlyMemory<byte> Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Alertmanager_SlothPageFiring_ParsesLabelsTimesAndLinks()
    {
        var batch = new AlertmanagerPayloadParser().Parse(Fixture("alertmanager-sloth-page-firing.json"), ReceivedAt);

        var alert = Assert.Single(batch.Alerts);
        Assert.Equal("eed0f9783dd444c9", alert.Fingerprint);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("checkout", alert.Label("sloth_service"));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 10, 15, 42, 123, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Equal(new Uri("https://runbooks.example.com/checkout/slo"), alert.Links.Runbook);
        Assert.Equal("http", alert.Links.Generator?.Scheme);
        Assert.Contains("team=\"payments\"", batch.GroupKey, StringComparison.Ordinal);
        Assert.Equal(0, batch.TruncatedAlerts);
    }

    [Fact]
    public void Alertmanager_ResolvedAlert_CarriesEndsAt()
    {
        var text = Encoding.UTF8.GetString(Fixture("alertmanager-sloth-page-firing.json").Span)
            .Replace("\"status\": \"firing\",\n      \"labels\"", "\"status\": \"resolved\",\n      \"labels\"", StringComparison.Ordinal)
            .Replace("\"endsAt\": \"0001-01-01T00:00:00Z\"", "\"endsAt\": \"2026-05-04T11:02:10.456Z\"", StringComparison.Ordinal);

        var alert = Assert.Single(new AlertmanagerPayloadParser().Parse(Json(text), ReceivedAt).Alerts);

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 11, 2, 10, 456, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Alertmanager_NoFingerprint_ComputesItFromLabels()
    {
        var alert = Assert.Single(new AlertmanagerPayloadParser().Parse(Json("""
            {"version":"4","alerts":[{"status":"firing","labels":{"alertname":"alert1","lbl1":"val1"},"startsAt":"2026-05-04T10:00:00Z"}]}
            """), ReceivedAt).Alerts);

        Assert.Equal("fac0861a85de433a", alert.Fingerprint);
    }

    [Fact]
    public void Grafana_DatasourceNoData_IsMissingDataWithPanelLinks()
    {
        var text = Encoding.UTF8.GetString(Fixture("grafana-firing.json").Span)
            .Replace("\"alertname\": \"CheckoutErrorBudgetBurn\", \"grafana_folder\"", "\"alertname\": \"DatasourceNoData\", \"grafana_folder\"", StringComparison.Ordinal);

        var batch = new GrafanaPayloadParser().Parse(Json(text), ReceivedAt);

        var alert = Assert.Single(batch.Alerts);
        Assert.True(alert.MissingData);
        Assert.Equal("grafana", alert.Source);
        Assert.Equal(new Uri("https://grafana.example/d/slo?orgId=1&viewPanel=4"), alert.Links.Panel);
        Assert.NotNull(alert.Links.Silence);
    }

    [Fact]
    public void Grafana_OrdinaryAlert_IsABreach()
    {
        var alert = Assert.Single(new GrafanaPayloadParser().Parse(Fixture("grafana-firing.json"), ReceivedAt).Alerts);

        Assert.False(alert.MissingData);
        Assert.Equal("c6eadffa33fcdf37", alert.Fingerprint);
    }

    [Theory]
    [InlineData("{\"alerts\":", "$: malformed JSON at line 1")]
    [InlineData("[]", "$: expected a webhook message as a JSON object, got an array")]
    [InlineData("{\"version\":\"4\"}", "$.alerts: is required")]
    [InlineData("{\"alerts\":{}}", "$.alerts: must be an array, got an object")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-05-04T10:00:00Z\"}]}", "$.alerts[0].labels: is required")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"2026-05-04T10:00:00Z\"}]}", "$.alerts[0].labels: must hold at least one label")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":1},\"startsAt\":\"2026-05-04T10:00:00Z\"}]}", "$.alerts[0].labels.a: must be a string, got a number")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"}}]}", "$.alerts[0].startsAt: is required (an RFC 3339 time)")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"yesterday\"}]}", "$.alerts[0].startsAt: 'yesterday' is not an RFC 3339 time")]
    [InlineData("{\"alerts\":[{\"status\":\"burning\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-05-04T10:00:00Z\"}]}", "$.alerts[0].status: must be 'firing' or 'resolved', got 'burning'")]
    [InlineData("{\"alerts\":[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-05-04T10:00:00Z\"}]}", "$.alerts[0].status: is required")]
    [InlineData("{\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-05-04T10:00:00Z\"}, 7]}", "$.alerts[1]: must be an object, got a number")]
    [InlineData("{\"alerts\":[],\"truncatedAlerts\":-1}", "$.truncatedAlerts: must be a non-negative whole number")]
    public void Alertmanager_InvalidPayload_NamesTheJsonPath(string body, string expected)
    {
        var error = Assert.Throws<PayloadException>(() => new AlertmanagerPayloadParser().Parse(Json(body), ReceivedAt));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_Array_ParsesAndDerivesStatusFromEndsAt()
    {
        var batch = new GenericPayloadParser().Parse(Json("""
            [
              {"labels":{"alertname":"ProbeFailed","service":"checkout"},"annotations":{"summary":"probe down"},"startsAt":"2026-05-04T10:00:00Z","generatorURL":"https://ci.example/job/7"},
              {"labels":{"alertname":"ProbeFailed","service":"ledger"},"startsAt":"2026-05-04T09:00:00Z","endsAt":"2026-05-04T10:05:00Z"},
              {"labels":{"alertname":"ProbeFailed","service":"search"},"startsAt":"2026-05-04T09:00:00Z","endsAt":"2026-05-04T12:00:00Z"}
            ]
            """), ReceivedAt);

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved, AlertStatus.Firing], batch.Alerts.Select(a => a.Status));
        Assert.Equal("probe down", batch.Alerts[0].Annotation("summary"));
        Assert.Equal(new Uri("https://ci.example/job/7"), batch.Alerts[0].Links.Generator);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 10, 5, 0, TimeSpan.Zero), batch.Alerts[1].EndsAt);
    }

    [Theory]
    [InlineData("{\"labels\":{}}", "$: expected a JSON array of alerts")]
    [InlineData("[{\"startsAt\":\"2026-05-04T10:00:00Z\"}]", "$[0].labels: is required")]
    [InlineData("[{\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-05-04T10:00:00Z\",\"generatorURL\":\"not a url\"}]", "$[0].generatorURL: 'not a url' is not an absolute URL")]
    [InlineData("[\"x\"]", "$[0]: must be an object")]
    public void Generic_InvalidPayload_NamesTheJsonPath(string body, string expected)
    {
        var error = Assert.Throws<PayloadException>(() => new GenericPayloadParser().Parse(Json(body), ReceivedAt));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("alertmanager", typeof(AlertmanagerPayloadParser))]
    [InlineData("Grafana", typeof(GrafanaPayloadParser))]
    [InlineData("generic", typeof(GenericPayloadParser))]
    public void Find_KnownSource_ReturnsItsParser(string source, Type expected) =>
        Assert.IsType(expected, AlertPayloadParsers.Find(source));

    [Fact]
    public void Find_UnknownSource_ReturnsNull() => Assert.Null(AlertPayloadParsers.Find("datadog"));
}
