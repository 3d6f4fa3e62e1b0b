using System.Runtime.CompilerServices;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>
/// The folder holding <c>Bot.sln</c>: found above the test binaries, or, when they were built outside the repository
/// (<c>--artifacts-path</c>), above this source file as it was compiled.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(sourceFile) })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "Bot.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException($"No Bot.sln above {AppContext.BaseDirectory} nor above {sourceFile}.");
    }
}
