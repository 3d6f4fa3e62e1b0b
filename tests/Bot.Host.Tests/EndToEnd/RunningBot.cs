using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>
/// The real host as a child process on a loopback port, serving a database file that outlives it, so a test can
/// kill it (SIGKILL, no shutdown) and start another on the same data.
/// </summary>
internal sealed class RunningBot : IAsyncDisposable
{
    public const string AlertToken = "end-to-end-alert-token-5d4c3b2a";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningBot(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new("Bearer", AlertToken);
    }

    public Uri Address { get; }

    /// <summary>A client that sends the alert sources' token.</summary>
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host on <paramref name="databasePath"/> and returns once it reports ready.</summary>
    public static async Task<RunningBot> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BotProcess.HostAssembly },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Urls"] = address.ToString();
        start.Environment["ConnectionStrings__Bot"] = $"Data Source={databasePath}";
        start.Environment["Catalog__Path"] = RepositoryPaths.ExampleCatalog;
        start.Environment["AlertSources__alertmanager__Token"] = AlertToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.Start();
        var bot = new RunningBot(process, address);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await bot.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return bot;
    }

    /// <summary>Kills the process outright, as a crash or an OOM kill would: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode} before it was ready:\n{Output}");
            }
            try
            {
                using var response = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The host was not ready after {timeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
