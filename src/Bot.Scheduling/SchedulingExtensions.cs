using System.Data.Common;
using System.Globalization;
using Bot.Core.Scheduling;
using Bot.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Bot.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The Quartz scheduler's name (SCHED_NAME): every replica on one database shares it, and so the work.</summary>
    public const string SchedulerName = "slo-bot";

    /// <summary>The prefix of Quartz's tables (migration 0006_quartz).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// How late past its time a timer may fire in the normal way; later than this it has misfired and its misfire
    /// instruction (fire once, now) applies. Either way it fires once.
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    private const string DataSourceKey = "Bot.Scheduling";

    /// <summary>
    /// Durable timers (<see cref="ITimers"/>) on Quartz, its job store in the bot's database (<c>Database:Provider</c>,
    /// <c>ConnectionStrings:Bot</c>, tables from migration 0006): SQLite with one scheduler, PostgreSQL clustered so that
    /// replicas share the timers and each fires on exactly one of them. Register <see cref="ITimerHandler"/>s (one per
    /// kind) and <see cref="ITimerSource"/>s as services. Call after <c>AddPersistence()</c>. The schema is migrated
    /// in the host's starting phase, before the scheduler is built (and validates it) and long before it fires.
    /// </summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        // The delegate (SQL dialect) is chosen now; an unsupported provider stops the host in AddPersistence's
        // validation, before the scheduler is built, so SQLite here is only a placeholder for it.
        var postgres = new DatabaseOptions { Provider = builder.Configuration[$"{DatabaseOptions.SectionName}:Provider"] ?? nameof(SqlDialect.Sqlite) }
            .Dialect == SqlDialect.Postgres;

        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton<DbDataSource>(DataSourceKey, (provider, _) =>
            CreateDataSource(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value, contentRoot));

        // Quartz takes the host's TimeProvider from the container: tests drive it with a fake clock.
        builder.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = TablePrefix;
                    options.MisfireThreshold = MisfireThreshold;
                    // Timers carry no data; should any ever be added, it stays readable strings.
                    options.StoreJobDataAsStrings = true;
                    options.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                store.UseSystemTextJsonSerializer();
                void UseBotDatabase(DataSourceOptions options) => options.DataSourceServiceKey = DataSourceKey;
                if (postgres)
                {
                    store.UsePostgres(UseBotDatabase);
                    // Instance ids are generated (host name and start time); a dead replica's firings are recovered
                    // by the others after its check-in interval and threshold (7.5 s each) have passed.
                    store.UseClustering(_ => { });
                }
                else
                {
                    // One process owns a SQLite file: not clustered, Quartz's locks are in memory.
                    store.UseSqlite(UseBotDatabase);
                }
            });
            quartz.AddJob<TimerJob>(job => job
                .WithIdentity(TimerJob.Key)
                .WithDescription("Fires the bot's timers: one trigger per timer, (group, name) = (kind, id).")
                .StoreDurably()
                // A run cut short by a crash runs again after restart; handlers re-check state, so it acts once.
                .RequestRecovery());
        });
        builder.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);

        services.TryAddSingleton<ITimers, QuartzTimers>();
        services.TryAddSingleton<TimerSync>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TimerStartupService>());
        return builder;
    }

    /// <summary>
    /// Quartz's connections to the bot's database, in a pool of their own. SQLite: the same file (a relative path
    /// resolved against the content root, as <see cref="BotDatabase"/> does), foreign keys on, and the bot's busy
    /// timeout as SQLite's own <c>busy_timeout</c>, since Quartz's writes queue on the file's write lock with the bot's.
    /// </summary>
    /// <remarks>
    /// The connection string's <c>Default Timeout</c> alone is not enough: Microsoft.Data.Sqlite then retries a busy
    /// database itself, sleeping 150 ms between tries, so setting a timer right after a commit that woke delivery
    /// stalled for 150 ms (measured in docs/performance.md). SQLite's busy handler waits in steps of a few milliseconds.
    /// </remarks>
    internal static DbDataSource CreateDataSource(DatabaseOptions options, string contentRoot)
    {
        if (options.Dialect == SqlDialect.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            postgres.ApplicationName ??= "slo-bot";
            return NpgsqlDataSource.Create(postgres);
        }

        var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString ?? DatabaseOptions.DefaultSqliteConnectionString);
        if (!sqlite.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            sqlite.DataSource = Path.GetFullPath(sqlite.DataSource, Path.GetFullPath(contentRoot));
        }

        sqlite.ForeignKeys = true;
        sqlite.DefaultTimeout = (int)Math.Ceiling(options.SqliteBusyTimeout.TotalSeconds);
        return new BusyWaitingSqliteDataSource(sqlite.ToString(), (long)options.SqliteBusyTimeout.TotalMilliseconds);
    }

    /// <summary>SQLite connections that wait for a busy database in SQLite's busy handler (<c>PRAGMA busy_timeout</c>).</summary>
    private sealed class BusyWaitingSqliteDataSource(string connectionString, long busyTimeoutMilliseconds) : DbDataSource
    {
        public override string ConnectionString => connectionString;

        protected override DbConnection CreateDbConnection() => new BusyWaitingConnection(connectionString, busyTimeoutMilliseconds);
    }

    private sealed class BusyWaitingConnection(string connectionString, long busyTimeoutMilliseconds) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            using var pragma = CreateCommand();
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={busyTimeoutMilliseconds};");
            pragma.ExecuteNonQuery();
        }
    }
}
