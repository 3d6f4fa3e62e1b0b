using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bot.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for a test run: initdb into a temporary folder, pg_ctl start on a free loopback port
/// (no durability: fsync off), pg_ctl stop -m immediate and the folder deleted on dispose. PostgreSQL refuses to run as
/// root, so as root the server programs run as the <c>postgres</c> user. Each test suite wraps one in its fixture.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string SuperUser = "bot";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _root;
    private readonly string _bin;
    private NpgsqlDataSource? _admin;
    private int _port;
    private string _createStrategy = "";

    private PostgresCluster(string root, string bin)
    {
        _root = root;
        _bin = bin;
    }

    /// <summary>The server version, e.g. "15.14".</summary>
    public string Version { get; private set; } = "";

    /// <summary>For the test output: version, binaries, port, start time and user.</summary>
    public string Description { get; private set; } = "";

    private string DataDirectory => Path.Combine(_root, "data");

    private string LogFile => Path.Combine(_root, "server.log");

    private static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>
    /// Starts a server from <see cref="PostgresBinaries.Directory"/>, or returns null where the binaries are missing
    /// (the PostgreSQL tests then skip), unless <c>CI=true</c>, which requires them.
    /// </summary>
    /// <param name="folderPrefix">Names the temporary folder, e.g. <c>slobot-pg-</c>.</param>
    public static async Task<PostgresCluster?> StartAsync(string folderPrefix)
    {
        if (PostgresBinaries.Directory is not { } bin)
        {
            return PostgresBinaries.IsCi
                ? throw new InvalidOperationException($"CI=true requires the PostgreSQL tests to run: {PostgresBinaries.NotFoundReason}.")
                : null;
        }

        var stopwatch = Stopwatch.StartNew();
        var cluster = new PostgresCluster(await CreateRootFolderAsync(folderPrefix), bin);
        try
        {
            await cluster.StartServerAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        cluster.Description = string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL {cluster.Version} started from {bin} on 127.0.0.1:{cluster._port} in {stopwatch.ElapsedMilliseconds} ms{(RunningAsRoot ? " (as user postgres)" : "")}");
        return cluster;
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = SuperUser, Database = database, Timeout = 30 }.ToString();

    /// <summary>Creates a new, empty database named <paramref name="prefix"/> + a GUID, so tests never see each other's rows; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = _admin ?? throw new InvalidOperationException("The PostgreSQL test server is not running.");
        var name = prefix + Guid.NewGuid().ToString("N");
        // FILE_COPY (PostgreSQL 15+) copies the small template's files: ~20 ms, against ~300 ms for the default
        // WAL_LOG strategy, which writes every block of the template to the WAL.
        await using var create = admin.CreateCommand($"CREATE DATABASE {name}{_createStrategy}");
        await create.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Drops the database, closing whatever connections are still open to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        if (_admin is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var started = _admin is not null;
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
            _admin = null;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (started)
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-w", "-D", DataDirectory, "-m", "immediate", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task StartServerAsync()
    {
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", SuperUser, "-E", "UTF8", "--locale=C", "--no-sync"]);

        // Another process can take the free port between the probe and the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreeLoopbackPort();
            var serverOptions = string.Create(
                CultureInfo.InvariantCulture,
                $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{_root}' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300");
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", serverOptions, "start"]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
        await using var connection = await _admin.OpenConnectionAsync();
        Version = connection.PostgreSqlVersion.ToString();
        _createStrategy = connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : "";
    }

    private static async Task<string> CreateRootFolderAsync(string prefix)
    {
        if (OperatingSystem.IsWindows() || !RunningAsRoot)
        {
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }

        // /tmp rather than TMPDIR: every ancestor must be traversable by the postgres user.
        var root = Path.Combine("/tmp", prefix + Guid.NewGuid().ToString("N")[..12]);
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
        if (!File.Exists(LogFile))
        {
            return "(no server log)";
        }
        var lines = File.ReadAllLines(LogFile);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser, Func<string>? logTail = null)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
