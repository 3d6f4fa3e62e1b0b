using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Scheduling.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the test run, as tests/Bot.Persistence.Tests' fixture starts one (a small copy:
/// that project is a test project, not a library): initdb into a temporary folder, pg_ctl start on a free loopback
/// port without durability, stop and delete at the end. As root, the server programs run as user <c>postgres</c>.
/// </summary>
public sealed class PostgresServer(IMessageSink diagnostics) : IAsyncLifetime, ITestDatabases
{
    private string? _root;
    private int _port;
    private NpgsqlDataSource? _admin;

    private static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    private string DataDirectory => Path.Combine(_root!, "data");

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
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "bot", "-E", "UTF8", "--locale=C", "--no-sync"], asServerUser: true);
        for (var attempt = 1; ; attempt++)
        {
            _port = FreeLoopbackPort();
            var options = $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{_root}' -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options, "start"], asServerUser: true);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between the probe and the start.
            }
        }

        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
        diagnostics.OnMessage(new DiagnosticMessage("PostgreSQL started from {0} on 127.0.0.1:{1} in {2} ms", bin, _port, stopwatch.ElapsedMilliseconds));
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
            if (_admin is not null)
            {
                await RunAsync(Path.Combine(PostgresBinaries.Directory!, "pg_ctl"), ["-w", "-D", DataDirectory, "-m", "immediate", "stop"], asServerUser: true);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A new, empty database with its own name.</summary>
    public async Task<TestDatabase> CreateAsync()
    {
        var admin = _admin ?? throw new InvalidOperationException($"The PostgreSQL test server is not running: {PostgresBinaries.NotFoundReason}.");
        var name = "sched_" + Guid.NewGuid().ToString("N");
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name} STRATEGY FILE_COPY"))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase("Postgres", ConnectionString(name), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        });
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "bot", Database = database, Timeout = 30 }.ToString();

    private static async Task<string> CreateRootFolderAsync()
    {
        if (OperatingSystem.IsWindows() || !RunningAsRoot)
        {
            return Directory.CreateTempSubdirectory("slobot-sched-pg-").FullName;
        }

        // Under /tmp, which the postgres user can traverse, and owned by it.
        var root = Path.Combine("/tmp", "slobot-sched-pg-" + Guid.NewGuid().ToString("N")[..12]);
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

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        IEnumerable<string> argv = arguments;
        if (asServerUser && RunningAsRoot)
        {
            start.FileName = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("Running the PostgreSQL tests as root needs runuser to start the server as user postgres.");
            argv = ["-u", "postgres", "--", program, .. arguments];
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in argv)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}.\n{await output}\n{await error}");
        }
    }
}
