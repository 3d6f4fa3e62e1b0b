using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Prometheus.Tests.Support;

/// <summary>
/// A real Prometheus loaded with <see cref="KnownSliData"/>: the OpenMetrics file turned into TSDB blocks by promtool,
/// then served by a child process, killed when the tests are done. Where Prometheus is not installed this fixture does
/// nothing and the tests skip (<see cref="PrometheusBinaries.SkipReason"/>), unless <c>CI=true</c>: then it fails.
/// </summary>
public sealed class KnownPrometheus(IMessageSink diagnostics) : IAsyncLifetime
{
    private string? _folder;
    private PrometheusProcess? _server;

    /// <summary>Where the loaded server answers.</summary>
    public Uri BaseUrl => (_server ?? throw new InvalidOperationException($"The test Prometheus is not running: {PrometheusBinaries.NotFoundReason}.")).BaseUrl;

    /// <summary>A folder of this fixture's, for a test that starts a Prometheus of its own.</summary>
    public string Folder => _folder ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        if (PrometheusBinaries.Directory is null)
        {
            if (PrometheusBinaries.IsCi)
            {
                throw new InvalidOperationException($"CI=true requires the Prometheus tests to run: {PrometheusBinaries.NotFoundReason}.");
            }
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        _folder = Directory.CreateTempSubdirectory("slobot-prom-").FullName;
        var openMetrics = Path.Combine(_folder, "known.om");
        var storage = Path.Combine(_folder, "tsdb");
        KnownSliData.WriteOpenMetrics(openMetrics);
        await PrometheusProcess.RunPromtoolAsync("tsdb", "create-blocks-from", "openmetrics", "--quiet", openMetrics, storage);
        var blocks = Directory.GetDirectories(storage).Length;
        var loaded = stopwatch.ElapsedMilliseconds;
        _server = await PrometheusProcess.StartAsync(storage, _folder);
        diagnostics.OnMessage(new DiagnosticMessage(
            $"Prometheus from {PrometheusBinaries.Directory} on {_server.BaseUrl}: {blocks} blocks written in {loaded} ms, ready after {stopwatch.ElapsedMilliseconds} ms"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
