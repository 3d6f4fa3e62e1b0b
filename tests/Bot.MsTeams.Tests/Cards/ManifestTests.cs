using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Bot.Core.Commands;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>The Teams app package: manifest.json (schema 1.29, protocols.md B6), its icons, and package.sh.</summary>
public sealed class ManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "manifests", "teams");

    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!.AsObject();

    [Fact]
    public void Manifest_HasEveryRequiredField()
    {
        var manifest = Manifest();

        Assert.Equal("1.29", (string?)manifest["manifestVersion"]);
        Assert.Equal("https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json", (string?)manifest["$schema"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)manifest["version"]);
        Assert.True(Guid.TryParse((string?)manifest["id"], out _));
        foreach (var url in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
        {
            Assert.StartsWith("https://", (string?)manifest["developer"]![url], StringComparison.Ordinal);
        }
        Assert.False(string.IsNullOrWhiteSpace((string?)manifest["developer"]!["name"]));
        Assert.Equal("SLO Bot", (string?)manifest["name"]!["short"]);
        Assert.InRange(((string?)manifest["name"]!["full"])!.Length, 1, 100);
        Assert.InRange(((string?)manifest["description"]!["short"])!.Length, 1, 80);
        Assert.InRange(((string?)manifest["description"]!["full"])!.Length, 1, 4000);
        Assert.Equal(("outline.png", "color.png"), ((string?)manifest["icons"]!["outline"], (string?)manifest["icons"]!["color"]));
        Assert.Matches("^#[0-9A-Fa-f]{6}$", (string?)manifest["accentColor"]);
        Assert.NotNull(manifest["validDomains"]);
    }

    [Fact]
    public void Manifest_OneBot_WithThePlaceholderIdPackageShFillsIn_InEveryScope()
    {
        var bot = Assert.Single(Manifest()["bots"]!.AsArray())!;

        Assert.Equal("${{MSTEAMS_APP_ID}}", (string?)bot["botId"]);
        Assert.Equal(["team", "personal", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.False((bool?)bot["isNotificationOnly"]);
    }

    [Fact]
    public void Manifest_CommandLists_OfferOnlyGrammarVerbs_WithinTeamsLimits()
    {
        var lists = Manifest()["bots"]![0]!["commandLists"]!.AsArray();
        var verbs = CommandGrammar.Verbs.ToDictionary(v => v.Verb);

        Assert.InRange(lists.Count, 1, 3);
        Assert.Equal(["groupChat", "personal", "team"], lists.SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)).Order());
        foreach (var list in lists)
        {
            var commands = list!["commands"]!.AsArray();
            // Teams shows at most 10 commands per menu (the manifest schema's limit).
            Assert.InRange(commands.Count, 1, 10);
            var titles = commands.Select(c => (string)c!["title"]!).ToList();
            Assert.Equal(titles.Count, titles.Distinct().Count());
            Assert.All(commands, command =>
            {
                var title = (string)command!["title"]!;
                Assert.True(verbs.TryGetValue(title, out var verb), $"'{title}' is not a verb of CommandGrammar.Verbs.");
                Assert.InRange(title.Length, 1, 128);
                var description = (string)command["description"]!;
                Assert.InRange(description.Length, 1, 128);
                Assert.StartsWith($"{verb!.Syntax}: ", description, StringComparison.Ordinal);
            });
            Assert.Contains("help", titles);
        }
        // Every verb is on a menu of some scope; help lists them all everywhere.
        Assert.Equal(
            CommandGrammar.Verbs.Select(v => v.Verb).Order(),
            lists.SelectMany(l => l!["commands"]!.AsArray().Select(c => (string)c!["title"]!)).Distinct().Order());
    }

    [Fact]
    public void Icons_ColorIs192SquareAndOpaque()
    {
        var color = PngImage.Read(Path.Combine(Folder, "color.png"));

        Assert.Equal((192, 192, (byte)6), (color.Width, color.Height, color.ColorType));
        Assert.All(Enumerable.Range(0, 192 * 192), i => Assert.Equal(255, color.Pixel(i % 192, i / 192).A));
    }

    [Fact]
    public void Icons_OutlineIs32SquareWhiteOnTransparent()
    {
        var outline = PngImage.Read(Path.Combine(Folder, "outline.png"));

        Assert.Equal((32, 32, (byte)6), (outline.Width, outline.Height, outline.ColorType));
        var pixels = Enumerable.Range(0, 32 * 32).Select(i => outline.Pixel(i % 32, i / 32)).ToList();
        Assert.All(pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p} is neither transparent nor white"));
        Assert.Equal(0, outline.Pixel(0, 0).A);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public void PackageSh_FillsInTheAppIdAndHost_AndZipsTheThreeFilesFlat()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // package.sh is a POSIX shell script; the CI and the bot's hosts run Linux.
        }
        var zip = Path.Combine(Path.GetTempPath(), $"slo-bot-{Guid.NewGuid():N}", "slo-bot.zip");
        try
        {
            var (exitCode, output) = Run(Path.Combine(Folder, "package.sh"), zip, "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", "slo-bot.example.com");

            Assert.True(exitCode == 0, output);
            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(reader.ReadToEnd())!;
            Assert.Equal("0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", (string?)manifest["bots"]![0]!["botId"]);
            Assert.Equal(["slo-bot.example.com"], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(zip)!, recursive: true);
        }
    }

    [Fact]
    public void PackageSh_WithoutAGuid_FailsNamingTheProblem()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // As above.
        }
        var zip = Path.Combine(Path.GetTempPath(), $"slo-bot-{Guid.NewGuid():N}", "slo-bot.zip");

        var (exitCode, output) = Run(Path.Combine(Folder, "package.sh"), zip, "my-bot");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("'my-bot' is not a GUID", output, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    private static (int ExitCode, string Output) Run(string script, string packagePath, params string[] arguments)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MSTEAMS_PACKAGE_PATH"] = packagePath;
        start.Environment.Remove("MSTEAMS_APP_ID");
        start.Environment.Remove("MsTeams__AppId");
        start.Environment.Remove("MSTEAMS_BOT_DOMAIN");
        using var process = Process.Start(start)!;
        // The script writes a line or two: reading one stream to its end, then the other, cannot fill a pipe.
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException($"{script} did not finish in 30 s.");
        }
        return (process.ExitCode, stdout + stderr);
    }
}
