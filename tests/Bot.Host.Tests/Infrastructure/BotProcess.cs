using System.Diagnostics;
using System.Text;

namespace Bot.Host.Tests.Infrastructure;

/// <summary>
/// Runs the real host (<c>dotnet Bot.Host.dll</c>) as a child process from the repository root, the way an
/// operator would, with extra environment variables. Used for what only a real process shows: its exit code and
/// what it prints when it refuses to start.
/// </summary>
public static class BotProcess
{
    /// <summary>Bot.Host.dll as copied next to the tests by the project reference.</summary>
    public static string HostAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll");

    /// <summary>
    /// Runs the host with <paramref name="settings"/> (environment variables, <c>Section__Key</c>) on the example catalog
    /// and a database in a temporary folder of its own, until it exits: for the tests of start-up refusals.
    /// </summary>
    public static async Task<ProcessOutcome> RunWithSettingsUntilExitAsync(IReadOnlyDictionary<string, string> settings)
    {
        using var temp = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Bot"] = $"Data Source={Path.Combine(temp.Path, "bot.db")}",
            ["Catalog__Path"] = RepositoryPaths.ExampleCatalog,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        return await RunUntilExitAsync(environment, TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts the host and waits for it to exit; kills it and fails when it is still running after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessOutcome> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { HostAssembly },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test runner's own settings must not leak into the host under test.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The host was still running after {timeout.TotalSeconds} s.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        // WaitForExitAsync returns once the streams are drained, so the output is complete here.
        return new ProcessOutcome(process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}

/// <summary>How a child process ended and what it printed.</summary>
public sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError)
{
    public string AllOutput => StandardOutput + StandardError;
}
