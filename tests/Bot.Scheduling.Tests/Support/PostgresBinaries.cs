namespace Bot.Scheduling.Tests.Support;

/// <summary>Finds initdb and pg_ctl: on PATH, then the highest version under /usr/lib/postgresql/*/bin.</summary>
public static class PostgresBinaries
{
    public const string NotFoundReason = "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql";

    private static readonly Lazy<string?> Found = new(Locate);

    public static string? Directory => Found.Value;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? SkipReason => Directory is null && !IsCi ? NotFoundReason : null;

    private static string? Locate()
    {
        static bool HasBoth(string folder) => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasBoth);
        if (onPath is not null || !System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            return onPath;
        }

        return System.IO.Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(folder => decimal.TryParse(Path.GetFileName(folder), System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : -1)
            .Select(folder => Path.Combine(folder, "bin"))
            .FirstOrDefault(HasBoth);
    }
}
