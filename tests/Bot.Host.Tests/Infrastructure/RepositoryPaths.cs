using System.Reflection;

namespace Bot.Host.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>
    /// The folder holding <c>Bot.sln</c>: found by walking up from the test binaries, or, when they were built
    /// outside the repository (<c>--artifacts-path</c>), where the repository was at build time.
    /// </summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The example catalog the bot ships with.</summary>
    public static string ExampleCatalog => Path.Combine(Root, "manifests", "catalog");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bot.sln")))
            {
                return directory.FullName;
            }
        }

        var atBuild = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        return atBuild is not null && File.Exists(Path.Combine(atBuild, "Bot.sln"))
            ? Path.TrimEndingDirectorySeparator(atBuild)
            : throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory} nor at {atBuild}.");
    }
}
