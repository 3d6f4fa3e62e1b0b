using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb into a temporary folder, pg_ctl start on a free
/// loopback port (no durability: fsync off), pg_ctl stop -m immediate and delete the folder at the end.
/// PostgreSQL refuses to run as root, so as root the server programs run as the <c>postgres</c> user.
/// Where the binaries are missing the PostgreSQL tests are skipped (<see cref="PostgresBinaries.SkipReason"/>)
/// and this fixture does nothing, unless <c>CI=true</c>: then it fails.
/// </summary>
public sealed class PostgresServer(IMessageSink diagnostics) : IAsyncLifetime, ITestDatabaseFactory
{
    private const string SuperUser = "bot";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private string? _root;
    private NpgsqlDataSource? _admin;
    private int _port;
    private string _createStrategy = "";
    private bool _started;

    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>The server version, e.g. "15.14"; set once started.</summary>
    public string? Version { get; private set; }

    private string DataDirectory => Path.Combine(_root!, "data");

    private string LogFile => Path.Combine(_root!, "server.log");

    private static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    public async Task InitializeAsync()
    {
        var bin = PostgresBinaries.Directory;
        if (bin is null)
        {
            if (PostgresBinaries.IsCi)
            {
                throw new InvalidOperationException($"CI=true requires the PostgreSQL tests to run: {PostgresBinaries.NotFoundReason}.");
            }

            return;
        }

        var stopwatch = Stopwatch.StartNew();
        _root = await CreateRootFolderAsync();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C", "--no-sync"]);

        // Another process can take the free port between the probe and the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreeLoopbackPort();
            var serverOptions = string.Create(
                CultureInfo.InvariantCulture,
                $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{_root}' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300");
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", serverOptions, "start"]);
                _started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
        await using (var connection = await _admin.OpenConnectionAsync())
        {
            Version = connection.PostgreSqlVersion.ToString();
            _createStrategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : "";
        }

        diagnostics.OnMessage(new DiagnosticMessage(
            "PostgreSQL {0} started from {1} on 127.0.0.1:{2} in {3} ms{4}",
            Version,
            bin,
            _port,
            stopwatch.ElapsedMilliseconds,
            RunningAsRoot ? " (as user postgres)" : ""));
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_root is null)
        {
            return;
        }

        try
        {
            if (_started)
            {
                await RunAsync(Path.Combine(PostgresBinaries.Directory!, "pg_ctl"), ["-w", "-D", DataDirectory, "-m", "immediate", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = SuperUser,
            Database = database,
            Timeout = 30,
        }.ToString();

    /// <summary>A new, empty database with its own name, so tests never see each other's rows.</summary>
    public async Task<TestDatabase> CreateAsync()
    {
        if (_admin is null)
        {
            throw new InvalidOperationException($"The PostgreSQL test server is not running: {PostgresBinaries.NotFoundReason}.");
        }

        var name = "test_" + Guid.NewGuid().ToString("N");
        // FILE_COPY (PostgreSQL 15+) copies the small template's files: ~20 ms, against ~300 ms for the default
        // WAL_LOG strategy, which writes every block of the template to the WAL.
        await using (var create = _admin.CreateCommand($"CREATE DATABASE {name}{_createStrategy}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = ConnectionString(name);
        return new TestDatabase(
            SqlDialect.Postgres,
            connectionString,
            () => BotDatabase.ForPostgres(connectionString),
            async () =>
            {
                await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                await drop.ExecuteNonQueryAsync();
            });
    }

    private static async Task<string> CreateRootFolderAsync()
    {
        if (OperatingSystem.IsWindows() || !RunningAsRoot)
        {
            return Directory.CreateTempSubdirectory("slobot-pg-").FullName;
        }

        // /tmp rather than TMPDIR: every ancestor must be traversable by the postgres user.
        var root = Path.Combine("/tmp", "slobot-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await RunAsync("chown", ["postgres", root], asServerUser: false);
        return root;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsync(string program, IReadOnlyList<string> arguments) => RunAsync(program, arguments, asServerUser: true, LogTail);

    private string LogTail()
    {
        if (_root is null || !File.Exists(LogFile))
        {
            return "(no server log)";
        }

        var lines = File.ReadAllLines(LogFile);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser, Func<string>? logTail = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServerUser && RunningAsRoot)
        {
            var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);
            if (runuser is not null)
            {
                start.FileName = runuser;
                foreach (var argument in (string[])["-u", "postgres", "--", program, .. arguments])
                {
                    start.ArgumentList.Add(argument);
                }
            }
            else
            {
                start.FileName = "su";
                foreach (var argument in (string[])["postgres", "-s", "/bin/sh", "-c", string.Join(' ', new[] { program }.Concat(arguments).Select(ShellQuote))])
                {
                    start.ArgumentList.Add(argument);
                }
            }
        }
        else
        {
            start.FileName = program;
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        var commandLine = string.Join(' ', [start.FileName, .. start.ArgumentList]);
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
            throw new InvalidOperationException($"{commandLine} did not finish within {CommandTimeout}.\nServer log:\n{logTail?.Invoke()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{commandLine} exited with {process.ExitCode}.\n{await output}\n{await error}\nServer log (last lines):\n{logTail?.Invoke() ?? "(none)"}");
        }
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
