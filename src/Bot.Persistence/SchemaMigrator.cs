using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Persistence;

/// <summary>
/// Brings the schema up to date at start-up: applies the embedded scripts of the database's dialect that
/// <c>schema_version</c> does not list, in order, each script with its version row in one transaction.
/// Replicas starting together are safe: PostgreSQL serialises them on an advisory lock, SQLite on its write lock.
/// A database newer than this build stops start-up rather than being used by code that does not know its schema.
/// </summary>
public sealed partial class SchemaMigrator
{
    // Any constant works; this one spells "SLOBOT" so it is recognisable in pg_locks.
    internal const long AdvisoryLockKey = 0x534C4F424F54;

    private readonly BotDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SchemaMigrator(BotDatabase database, TimeProvider timeProvider, ILogger<SchemaMigrator> logger)
        : this(database, LoadScripts((database ?? throw new ArgumentNullException(nameof(database))).Dialect), timeProvider, logger)
    {
    }

    /// <summary>A migrator with its own scripts, so tests can add a version the shipped code does not have.</summary>
    internal SchemaMigrator(BotDatabase database, IReadOnlyList<MigrationScript> scripts, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(scripts);
        _database = database;
        Scripts = scripts;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The scripts this build knows for the database's dialect, in version order.</summary>
    public IReadOnlyList<MigrationScript> Scripts { get; }

    /// <summary>The schema version this build expects: the highest script version.</summary>
    public int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>Applies the missing scripts; returns the versions applied (empty when the schema was current).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var applied = new List<int>();
        var known = await _database.WriteAsync(ReadAppliedVersionsAsync, cancellationToken);
        foreach (var script in Scripts)
        {
            if (known.Contains(script.Version))
            {
                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            var done = await _database.WriteAsync(
                async session =>
                {
                    // Another replica may have applied it since the first look; check again under the lock.
                    var current = await ReadAppliedVersionsAsync(session);
                    if (current.Contains(script.Version))
                    {
                        return false;
                    }

                    await session.ExecuteAsync(script.Sql);
                    await session.ExecuteAsync(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                        new { script.Version, script.Name, AppliedAt = _timeProvider.GetUtcNow() });
                    return true;
                },
                cancellationToken);
            if (done)
            {
                applied.Add(script.Version);
                _logger.LogInformation(
                    "Applied migration {MigrationVersion} {MigrationName} to {DatabaseProvider} in {ElapsedMs} ms",
                    script.Version,
                    script.Name,
                    _database.ProviderName,
                    stopwatch.ElapsedMilliseconds);
            }
        }

        _logger.LogInformation("{DatabaseProvider} schema is at version {SchemaVersion}", _database.ProviderName, LatestVersion);
        return applied;
    }

    /// <summary>The versions recorded in <c>schema_version</c>, in order (empty for an empty database).</summary>
    public Task<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<int>>(
            async session =>
            {
                var exists = await session.ExecuteScalarAsync<long>(
                    session.Dialect == SqlDialect.Sqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                        : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'");
                return exists == 0 ? [] : [.. await session.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")];
            },
            cancellationToken);

    /// <summary>
    /// Takes the migration lock, creates <c>schema_version</c> when missing, and reads it. Throws when the
    /// database is at a version this build does not know.
    /// </summary>
    private async Task<HashSet<int>> ReadAppliedVersionsAsync(DbSession session)
    {
        if (session.Dialect == SqlDialect.Postgres)
        {
            // Held until the transaction ends; taken before CREATE TABLE IF NOT EXISTS, which races without it.
            await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@AdvisoryLockKey)", new { AdvisoryLockKey });
        }

        await session.ExecuteAsync(session.Dialect == SqlDialect.Sqlite
            ? "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT"
            : "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)");
        var versions = (await session.QueryAsync<int>("SELECT version FROM schema_version")).ToHashSet();
        var newest = versions.Count == 0 ? 0 : versions.Max();
        if (newest > LatestVersion)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {_database.ProviderName} database is at schema version {newest}, but this build knows versions up to {LatestVersion}. It was migrated by a newer release; run that release or newer, or restore a backup taken before the upgrade."));
        }

        return versions;
    }

    /// <summary>The embedded scripts of <paramref name="dialect"/>, checked: named NNNN_name.sql, numbered 1, 2, 3 … without gaps.</summary>
    public static IReadOnlyList<MigrationScript> LoadScripts(SqlDialect dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"Migrations/{DialectFolder(dialect)}/";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var path = resource.Replace('\\', '/');
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = path[prefix.Length..];
            var match = ScriptName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{path}' is not named NNNN_lower_snake_name.sql.");
            }

            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Migrations for {dialect} must be numbered 1, 2, 3 … without gaps or duplicates; found {scripts[i].Version} {scripts[i].Name} at position {i + 1}."));
            }
        }

        return scripts;
    }

    private static string DialectFolder(SqlDialect dialect) => dialect == SqlDialect.Sqlite ? "sqlite" : "postgres";

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();
}
