using Bot.Core.Slos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Prometheus.Tests;

/// <summary><c>AddPrometheus</c>: off without <c>Prometheus:BaseUrl</c>, on with it, and a malformed setting stops start-up naming the key.</summary>
public sealed class PrometheusExtensionsTests
{
    private static async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPrometheus();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task AddPrometheus_NoBaseUrl_RegistersNoReader(string? baseUrl)
    {
        using var host = await StartAsync(new() { ["Prometheus:BaseUrl"] = baseUrl, ["Prometheus:Timeout"] = "00:00:05" });

        Assert.Null(host.Services.GetService<IPrometheusSliReader>());
    }

    [Fact]
    public async Task AddPrometheus_BaseUrl_RegistersTheReaderWithTheConfiguredSettings()
    {
        using var host = await StartAsync(new()
        {
            ["Prometheus:BaseUrl"] = "http://prometheus:9090",
            ["Prometheus:Timeout"] = "00:00:02.5",
            ["Prometheus:BearerToken"] = "s3cret",
        });

        Assert.IsType<PrometheusSliReader>(host.Services.GetService<IPrometheusSliReader>());
        var options = host.Services.GetRequiredService<IOptions<PrometheusOptions>>().Value;
        Assert.Equal(new Uri("http://prometheus:9090/"), options.BaseUri);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
        Assert.Equal("s3cret", options.BearerToken);
    }

    [Fact]
    public void PrometheusOptions_Timeout_DefaultsToFiveSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new PrometheusOptions().Timeout);
    }

    [Theory]
    [InlineData("Prometheus:BaseUrl", "prometheus:9090", "Prometheus:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Prometheus:BaseUrl", "/prometheus", "Prometheus:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Prometheus:BaseUrl", "ftp://prometheus:9090/", "Prometheus:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Prometheus:Timeout", "00:00:00", "Prometheus:Timeout must be more than zero")]
    [InlineData("Prometheus:Timeout", "-00:00:05", "Prometheus:Timeout must be more than zero")]
    [InlineData("Prometheus:Timeout", "01:00:00", "Prometheus:Timeout must be more than zero and at most 00:10:00")]
    public async Task AddPrometheus_MalformedSetting_StartFailsNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Prometheus:BaseUrl"] = "http://prometheus:9090", [key] = value };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
