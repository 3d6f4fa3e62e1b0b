using Bot.Core.Catalog;
using Bot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Prometheus.Tests.Support;

/// <summary>Builds readers over a stub handler or real sockets, and the SLOs they read.</summary>
public static class Readers
{
    public static readonly DateTimeOffset Now = new(2025, 3, 12, 14, 30, 0, TimeSpan.Zero);

    public const string BadQuery = "sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))";
    public const string GoodQuery = "sum(rate(http_requests_total{job=\"checkout\",code!~\"5..\"}[{{ .window }}]))";
    public const string TotalQuery = "sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))";

    internal static PrometheusSliReader Create(
        string baseUrl,
        HttpMessageHandler handler,
        TimeSpan? timeout = null,
        string? bearerToken = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null)
    {
        var options = new PrometheusOptions { BaseUrl = baseUrl, BearerToken = bearerToken };
        if (timeout is { } t)
        {
            options.Timeout = t;
        }
        ILogger<PrometheusSliReader> logger = logs is null ? NullLogger<PrometheusSliReader>.Instance : new ProviderLogger<PrometheusSliReader>(logs);
        return new PrometheusSliReader(new OneHandler(handler), Options.Create(options), time ?? new ManualClock(Now), logger);
    }

    public static Slo Slo(SliDataSource source, SloWindow? window = null, double target = 0.999, string id = "checkout-requests-availability") =>
        new(id, "requests-availability", "checkout", SliKind.Availability, target, window ?? SloWindow.Rolling28Days, null, 1, null, [], false)
        {
            Source = source,
        };

    public static Slo OwnQueries(SloWindow? window = null) => Slo(new SliDataSource.PrometheusQueries(BadQuery, null, TotalQuery), window);

    /// <summary>Every call gets a client over the one handler, as IHttpClientFactory's named client would be.</summary>
    private sealed class OneHandler(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private sealed class ProviderLogger<T>(ILoggerProvider provider) : ILogger<T>
    {
        private readonly ILogger _logger = provider.CreateLogger(typeof(T).FullName!);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _logger.Log(logLevel, eventId, state, exception, formatter);
    }
}
