using Bot.Core.Alerts;

namespace Bot.Core.Tests.Alerts;

public sealed class AlertFingerprintTests
{
    [Fact]
    public void Compute_GrafanaFixtureLabels_MatchesAlertmanagerFingerprint()
    {
        var labels = new Dictionary<string, string> { ["lbl1"] = "val1", ["alertname"] = "alert1" };

        Assert.Equal("fac0861a85de433a", AlertFingerprint.Compute(labels));
    }

    [Theory]
    [InlineData("page", "critical", "eed0f9783dd444c9")]
    [InlineData("ticket", "warning", "fa6ae3fd238bb8e3")]
    public void Compute_SlothAlertLabels_MatchesAlertmanagerFingerprint(string slothSeverity, string severity, string expected)
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "CheckoutHighErrorRate", ["category"] = "availability", ["owner"] = "payments", ["severity"] = severity,
            ["sloth_id"] = "checkout-requests-availability", ["sloth_service"] = "checkout", ["sloth_severity"] = slothSeverity,
            ["sloth_slo"] = "requests-availability", ["team"] = "payments", ["tier"] = "1",
        };

        Assert.Equal(expected, AlertFingerprint.Compute(labels));
    }

    [Fact]
    public void Compute_LongNonAsciiValue_IsStableAndDiffersFromShorter()
    {
        var a = new Dictionary<string, string> { ["summary"] = new string('ü', 400) };
        var b = new Dictionary<string, string> { ["summary"] = new string('ü', 399) };

        Assert.Equal(AlertFingerprint.Compute(a), AlertFingerprint.Compute(new Dictionary<string, string>(a)));
        Assert.NotEqual(AlertFingerprint.Compute(a), AlertFingerprint.Compute(b));
    }
}
