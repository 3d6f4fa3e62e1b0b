using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Bot.Testing;

/// <summary>
/// Rendered JSON compared with a file checked in under <c>Golden/</c> beside the calling test file, pretty-printed so
/// a change reads as a line diff. <c>UPDATE_GOLDEN=1</c> rewrites the files instead (then review the diff with git).
/// </summary>
public static class GoldenFile
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void AssertMatches(string name, string json, [CallerFilePath] string callerFile = "")
    {
        var actual = JsonNode.Parse(json)!.ToJsonString(Pretty).ReplaceLineEndings("\n") + "\n";
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing. Run the tests with UPDATE_GOLDEN=1 to write it, then review it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail($"The rendering differs from {path} (- golden, + now). If the change is intended, run the tests with UPDATE_GOLDEN=1 and review the diff.\n{Diff(expected, actual)}");
        }
    }

    /// <summary>A line diff by longest common subsequence, showing only the changed lines with their line numbers.</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var diff = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                diff.Append(CultureInfo.InvariantCulture, $"-{x + 1,4}: {a[x++]}\n");
            }
            else
            {
                diff.Append(CultureInfo.InvariantCulture, $"+{y + 1,4}: {b[y++]}\n");
            }
        }
        return diff.ToString();
    }
}
