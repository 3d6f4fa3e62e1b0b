namespace Bot.Prometheus.Tests.Support;

/// <summary>
/// Finds <c>prometheus</c> and <c>promtool</c> (Debian's package puts both in /usr/bin) and decides whether the tests
/// against a real Prometheus skip: they do where the programs are missing, except on CI (<c>CI=true</c>), where a
/// missing Prometheus fails them.
/// </summary>
public static class PrometheusBinaries
{
    public const string NotFoundReason = "prometheus and promtool not found on PATH (Debian: apt-get install prometheus)";

    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>The folder holding both programs, or null.</summary>
    public static string? Directory => Found.Value;

    public static string Prometheus => Path.Combine(Directory ?? throw new InvalidOperationException(NotFoundReason), "prometheus");

    public static string Promtool => Path.Combine(Directory ?? throw new InvalidOperationException(NotFoundReason), "promtool");

    /// <summary>CI must run the Prometheus tests: there a missing server fails the run instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why Prometheus tests are skipped, or null when they run.</summary>
    public static string? SkipReason => Directory is null && !IsCi ? NotFoundReason : null;

    private static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .FirstOrDefault(folder => IsProgram(Path.Combine(folder, "prometheus")) && IsProgram(Path.Combine(folder, "promtool")));

    /// <summary>A file, or a link that leads to one (File.Exists is true for a dangling link on Unix).</summary>
    private static bool IsProgram(string path)
    {
        var file = new FileInfo(path);
        return file.LinkTarget is null ? file.Exists : file.ResolveLinkTarget(returnFinalTarget: true)?.Exists == true;
    }
}
