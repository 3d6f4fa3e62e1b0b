using System.Runtime.CompilerServices;

namespace Bot.Host.Tests.Postmortems;

/// <summary>
/// A rendered Markdown document compared with a file under <c>Golden/</c> beside the calling test file, as
/// <c>Bot.Testing.GoldenFile</c> does for JSON; <c>UPDATE_GOLDEN=1</c> rewrites the file instead (then review the diff with git).
/// </summary>
internal static class MarkdownGolden
{
    public static void AssertMatches(string name, string markdown, [CallerFilePath] string callerFile = "")
    {
        var actual = markdown.ReplaceLineEndings("\n");
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing. Run the tests with UPDATE_GOLDEN=1 to write it, then review it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end of file)";
            var right = i < b.Length ? b[i] : "(end of file)";
            Assert.True(left == right,
                $"The Markdown differs from {path} at line {i + 1}. If the change is intended, run the tests with UPDATE_GOLDEN=1 and review the diff.\n- {left}\n+ {right}");
        }
    }
}
