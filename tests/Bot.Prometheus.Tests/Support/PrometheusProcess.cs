using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bot.Prometheus.Tests.Support;

/// <summary>
/// A real Prometheus server as a child process: no scrape jobs, the given TSDB folder (blocks made by promtool, kept
/// for 100 years so old blocks are not dropped), a free loopback port; ready once <c>GET /-/ready</c> answers 200.
/// Killed on dispose, or by a test that needs it stopped.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private PrometheusProcess(Process process, ConcurrentQueue<string> log, Uri baseUrl)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    /// <summary>Where it answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts Prometheus on <paramref name="storagePath"/>, with its config file in <paramref name="workFolder"/>, and waits until it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string storagePath, string workFolder)
    {
        var config = Path.Combine(workFolder, "prometheus.yml");
        // No scrape jobs: the only data is what promtool wrote into the blocks.
        await File.WriteAllTextAsync(config, "global:\n  evaluation_interval: 1m\n");

        // Another process can take the free port between the probe and the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var log = new ConcurrentQueue<string>();
            var start = new ProcessStartInfo(PrometheusBinaries.Prometheus)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])[
                $"--config.file={config}",
                $"--storage.tsdb.path={storagePath}",
                "--storage.tsdb.retention.time=100y",
                string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            ])
            {
                start.ArgumentList.Add(argument);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}");
            process.OutputDataReceived += (_, line) => Keep(log, line.Data);
            process.ErrorDataReceived += (_, line) => Keep(log, line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new PrometheusProcess(process, log, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Runs promtool with <paramref name="arguments"/>, failing with its output when it fails.</summary>
    public static async Task RunPromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(PrometheusBinaries.Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var commandLine = string.Join(' ', [start.FileName, .. arguments]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {commandLine}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{commandLine} did not finish within {CommandTimeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{commandLine} exited with {process.ExitCode}.\n{await output}\n{await error}");
        }
    }

    /// <summary>Kills the server (as a crash or an outage would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(CommandTimeout);
    }

    /// <summary>The last lines Prometheus logged, for failure messages.</summary>
    public string LogTail => string.Join('\n', _log);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode} before it was ready.\n{LogTail}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }
            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"Prometheus at {BaseUrl} was not ready within {ReadyTimeout}.\n{LogTail}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static void Keep(ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }
        log.Enqueue(line);
        while (log.Count > 40 && log.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
