using Bot.Core.Scheduling;
using Bot.Persistence;
using Bot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bot.Scheduling.Tests.Support;

/// <summary>
/// A running bot reduced to what scheduling needs: <c>AddPersistence()</c> (which migrates at start) and
/// <c>AddScheduling()</c> on a test database, with the test's clock and handlers. Several may share a database, as
/// replicas (PostgreSQL) or as the same bot before and after a restart.
/// </summary>
public sealed class SchedulerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _contentRoot;
    private bool _stopped;

    private SchedulerHost(string name, IHost host, string contentRoot, RecordingLoggerProvider logs)
    {
        Name = name;
        _host = host;
        _contentRoot = contentRoot;
        Logs = logs;
    }

    public string Name { get; }

    /// <summary>The host's content root, a temporary folder of its own.</summary>
    public string ContentRoot => _contentRoot;

    public RecordingLoggerProvider Logs { get; }

    public ITimers Timers => _host.Services.GetRequiredService<ITimers>();

    public IServiceProvider Services => _host.Services;

    public BotDatabase Database => _host.Services.GetRequiredService<BotDatabase>();

    /// <summary>The Quartz scheduler's instance id (generated when clustered; NON_CLUSTERED on SQLite).</summary>
    public async Task<string> InstanceIdAsync() => (await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).SchedulerInstanceId;

    private static IHost Build(
        string name,
        string contentRoot,
        TestDatabase database,
        TimeProvider clock,
        RecordingLoggerProvider logs,
        IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, ApplicationName = name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["ConnectionStrings:Bot"] = database.ConnectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        builder.Services.AddSingleton(clock);
        builder.AddPersistence();
        builder.AddScheduling();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<SchedulerHost> StartAsync(
        string name,
        TestDatabase database,
        TimeProvider clock,
        RecordingTimerHandler? recorder = null,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var logs = new RecordingLoggerProvider();
        var contentRoot = Directory.CreateTempSubdirectory("slobot-sched-root-").FullName;
        var host = Build(name, contentRoot, database, clock, logs, settings, services =>
        {
            if (recorder is not null)
            {
                services.AddSingleton(recorder.For(name));
            }

            configure?.Invoke(services);
        });
        await host.StartAsync().WaitAsync(Patience.Bound);
        return new SchedulerHost(name, host, contentRoot, logs);
    }

    /// <summary>Stops the bot as an operator would: the scheduler waits for running timers and shuts down.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            try
            {
                await _host.StopAsync().WaitAsync(Patience.Bound);
            }
            catch (TimeoutException e)
            {
                var logs = Logs.Entries.TakeLast(60).Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}");
                throw new InvalidOperationException($"{Name} did not stop within {Patience.Bound.TotalSeconds} s. Its last log entries:\n{string.Join('\n', logs)}", e);
            }
        }
    }

    /// <summary>
    /// Stops the scheduler as a crash would, as far as the store can tell: it does not wait for the running timers,
    /// whose firings stay recorded as running. Dispose the host once those runs have been let go.
    /// </summary>
    public async Task CrashAsync()
    {
        var scheduler = await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Shutdown(waitForJobsToComplete: false);
    }

    /// <summary>Rows in one of Quartz's tables (without the prefix), e.g. <c>fired_triggers</c>.</summary>
    public Task<long> CountAsync(string table) =>
        Database.ReadAsync(session => session.ExecuteScalarAsync<long>($"SELECT count(*) FROM qrtz_{table}"), CancellationToken.None);

    /// <summary>
    /// Waits until nothing is firing or pending in the store: every timer that fired has finished, so none can fire
    /// again later. Lets a test assert "exactly once" instead of "once so far".
    /// </summary>
    public Task SettledAsync() =>
        WaitAsync(async () => await CountAsync("fired_triggers") == 0 && await CountAsync("triggers") == 0, "no timer is pending or running");

    /// <summary>Waits for a condition; when it times out, the failure shows the store's triggers and firings.</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Eventually.TrueAsync(condition, what);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var logs = Logs.Entries
                .Where(entry => entry.Level >= LogLevel.Information || entry.Category.StartsWith("Bot.", StringComparison.Ordinal) || entry.Category.EndsWith("ClusterManager", StringComparison.Ordinal))
                .TakeLast(40)
                .Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}{(entry.Exception is { } failure ? $" ({failure.GetType().Name}: {failure.Message})" : "")}");
            throw new InvalidOperationException($"{e.Message}\nThe store:\n{await DescribeStoreAsync()}\n{Name}'s last log entries:\n{string.Join('\n', logs)}", e);
        }
    }

    /// <inheritdoc cref="WaitAsync(Func{Task{bool}}, string)"/>
    public Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private Task<string> DescribeStoreAsync() =>
        Database.ReadAsync(
            async session => string.Join('\n', await session.QueryAsync<string>(
                """
                SELECT 'trigger ' || trigger_group || '/' || trigger_name || ' ' || trigger_state || ' next ' || coalesce(CAST(next_fire_time AS text), '-') FROM qrtz_triggers
                UNION ALL SELECT 'firing ' || trigger_group || '/' || trigger_name || ' ' || state || ' on ' || instance_name FROM qrtz_fired_triggers
                UNION ALL SELECT 'instance ' || instance_name || ' checked in ' || CAST(last_checkin_time AS text) FROM qrtz_scheduler_state
                """)),
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _host.Dispose();
            Directory.Delete(_contentRoot, recursive: true);
        }
    }
}
