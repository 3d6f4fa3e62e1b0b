namespace Bot.Host.Tests.Infrastructure;

/// <summary>Breaks a copy of the example catalog in two independent places, and says where each must be reported.</summary>
public static class BrokenCatalog
{
    /// <summary>Gives payments an unknown parent and the payment gateway's availability SLO a target above 100%.</summary>
    public static IReadOnlyList<ExpectedCatalogError> BreakTwoThings(string catalogPath) =>
    [
        Replace(catalogPath, "teams.yaml", "parent: money-movement", "parent: money-move", fragment: "'money-move'"),
        Replace(catalogPath, "services.yaml", "target: 99.95%", "target: 199.95%", fragment: "'199.95%'"),
    ];

    /// <summary>Replaces the first occurrence of <paramref name="oldText"/> in a catalog file.</summary>
    /// <returns>The error the bot must report for it: at that file and line, mentioning <paramref name="fragment"/>.</returns>
    public static ExpectedCatalogError Replace(string catalogPath, string file, string oldText, string newText, string fragment)
    {
        var path = Path.Combine(catalogPath, file);
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, line => line.Contains(oldText, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new InvalidOperationException($"'{oldText}' is no longer in {path}; pick another line of the example catalog to break.");
        }
        var at = lines[index].IndexOf(oldText, StringComparison.Ordinal);
        lines[index] = string.Concat(lines[index].AsSpan(0, at), newText, lines[index].AsSpan(at + oldText.Length));
        File.WriteAllLines(path, lines);
        return new ExpectedCatalogError($"{catalogPath}/{file}:{index + 1}", fragment);
    }
}

/// <summary>A <c>file:line: message</c> error the bot must report.</summary>
/// <param name="Location">The <c>file:line</c> part.</param>
/// <param name="Fragment">A piece of the message that shows it is about the right mistake.</param>
public sealed record ExpectedCatalogError(string Location, string Fragment)
{
    public bool IsReportedBy(string error) =>
        error.StartsWith(Location + ": ", StringComparison.Ordinal) && error.Contains(Fragment, StringComparison.Ordinal);
}
