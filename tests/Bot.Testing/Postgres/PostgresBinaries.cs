namespace Bot.Testing.Postgres;

/// <summary>
/// Finds the PostgreSQL server programs (initdb, pg_ctl): on PATH first, then the highest version under
/// /usr/lib/postgresql/*/bin (Debian and Ubuntu keep them off PATH). Decides whether PostgreSQL tests skip.
/// </summary>
public static class PostgresBinaries
{
    public const string NotFoundReason = "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql";

    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>The folder holding initdb and pg_ctl, or null.</summary>
    public static string? Directory => Found.Value;

    /// <summary>CI must run the PostgreSQL tests: there a missing server fails the run instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => Directory is null && !IsCi ? NotFoundReason : null;

    private static string? Locate()
    {
        var suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        bool HasBoth(string folder) => IsProgram(Path.Combine(folder, "initdb" + suffix)) && IsProgram(Path.Combine(folder, "pg_ctl" + suffix));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasBoth);
        if (onPath is not null)
        {
            return onPath;
        }

        const string Debian = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(Debian))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(Debian)
            .Select(folder => (folder, version: decimal.TryParse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
            .OrderByDescending(candidate => candidate.version)
            .Select(candidate => Path.Combine(candidate.folder, "bin"))
            .FirstOrDefault(HasBoth);
    }

    /// <summary>A file, or a link that leads to one (File.Exists is true for a dangling link on Unix).</summary>
    private static bool IsProgram(string path)
    {
        var file = new FileInfo(path);
        return file.LinkTarget is null ? file.Exists : file.ResolveLinkTarget(returnFinalTarget: true)?.Exists == true;
    }
}
