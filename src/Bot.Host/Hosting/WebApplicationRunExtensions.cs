namespace Bot.Host.Hosting;

internal static class WebApplicationRunExtensions
{
    /// <summary>Runs the bot until it is stopped; returns the process exit code.</summary>
    /// <remarks>
    /// A failure to start (an invalid catalog, an invalid option) would otherwise be an unhandled exception:
    /// the runtime aborts with a stack trace and the operator has to dig the reasons out of it. Here the
    /// reasons are printed as they are, one per line, and the exit code is 1. Failures after start-up are
    /// not caught.
    /// </remarks>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        // Taken before running: RunAsync disposes the host, and with it the services, when it fails.
        var started = app.Lifetime.ApplicationStarted;
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (!started.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"SLO Bot did not start: {ex.Message}");
            return 1;
        }
    }
}
