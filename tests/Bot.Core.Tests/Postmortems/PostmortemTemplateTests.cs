using System.Runtime.CompilerServices;
using Bot.Core.Postmortems;

namespace Bot.Core.Tests.Postmortems;

public sealed class PostmortemTemplateTests
{
    [Theory]
    [InlineData("Summary", "summary")]
    [InlineData("4. One-time quick fix", "one-time-quick-fix")]
    [InlineData("b. Customer impact", "customer-impact")]
    [InlineData("5.3 What and how can others learn from the incident?", "what-and-how-can-others-learn-from-the-incident")]
    [InlineData("  Incident response team  ", "incident-response-team")]
    [InlineData("Lessons learned (narrative)", "lessons-learned-narrative")]
    public void Slug_DropsNumberingAndJoinsWordsWithDashes(string heading, string key) =>
        Assert.Equal(key, PostmortemTemplate.Slug(heading));

    [Fact]
    public void Parse_TitleAndSections_KeysLevelsAndBodiesInOrder()
    {
        var template = PostmortemTemplate.Parse("team.md", "\n# Postmortem #{{incident.id}}\n\n## 1. Summary\nWhat happened.\n\n## 2. Fix\n### a. Detection\nHow?\n");

        Assert.Equal("Postmortem #{{incident.id}}", template.Title);
        Assert.Equal(
            [new PostmortemSection("summary", "Summary", 2, "What happened."), new PostmortemSection("fix", "Fix", 2, ""), new PostmortemSection("detection", "Detection", 3, "How?")],
            template.Sections);
    }

    [Fact]
    public void Parse_UnknownPlaceholder_NamesFileLineAndTheKnownOnes()
    {
        var problem = Assert.Throws<PostmortemTemplateException>(() =>
            PostmortemTemplate.Parse("payments.md", "# Title\n\n## Summary\nDetected {{detected}}\nOwner {{owner}}\n", "manifests/templates/payments.md"));

        var only = Assert.Single(problem.Problems);
        Assert.StartsWith("manifests/templates/payments.md:5: unknown placeholder {{owner}}; known: incident.id, incident.title,", only);
    }

    [Theory]
    [InlineData("## Summary\ntext\n", "x.md:1: a template starts with its title line, '# …'.")]
    [InlineData("# T\nstray words\n## Summary\n", "x.md:2: text between the title and the first '##' section would be lost; put it under a heading.")]
    [InlineData("# T\n## Summary\n## summary!\n", "x.md:3: the section key 'summary' repeats the heading on line 2; headings must differ.")]
    [InlineData("# T\n## ---\n", "x.md:2: the heading '## ---' has no words to name the section by.")]
    [InlineData("# T\n## Summary\nBroken {{incident.id\n", "x.md:3: a placeholder is written {{name}} (letters, digits, '.' and '_'); this line has a stray '{{' or '}}'.")]
    [InlineData("# T\n", "x.md:2: the template has no '##' section to edit.")]
    public void Parse_BadTemplate_SaysWhatAndWhere(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<PostmortemTemplateException>(() => PostmortemTemplate.Parse("x.md", text)).Problems);

    [Fact]
    public void Book_IsTheShippedTemplateFile()
    {
        var file = Path.Combine(RepositoryRoot(), "manifests", "templates", "postmortem.md");

        var shipped = PostmortemTemplate.Parse("postmortem.md", File.ReadAllText(file));

        Assert.Equal(PostmortemTemplate.Book.Title, shipped.Title);
        Assert.Equal(PostmortemTemplate.Book.Sections, shipped.Sections);
        Assert.Equal(
            ["incident", "summary", "incident-response-team", "timeline", "one-time-quick-fix", "detection", "customer-impact", "identified-root-causes",
             "immediate-resolution", "sustainable-improvement", "lessons-learned", "action-items", "what-and-how-can-others-learn-from-the-incident"],
            shipped.Sections.Select(s => s.Key));
    }

    [Fact]
    public void Templates_TeamFileOverridesTheFolderDefault_WhichOverridesTheBook()
    {
        var folder = Directory.CreateTempSubdirectory("pm-templates-").FullName;
        try
        {
            Assert.Equal(PostmortemTemplate.BookName, new PostmortemTemplates(folder).For("payments").Name);
            File.WriteAllText(Path.Combine(folder, "postmortem.md"), "# Default\n## Summary\n");
            File.WriteAllText(Path.Combine(folder, "payments.md"), "# Payments {{incident.id}}\n## What broke\n{{timeline}}\n");

            var templates = new PostmortemTemplates(folder);

            Assert.Equal("payments.md", templates.For("payments").Name);
            Assert.Equal("what-broke", templates.For("payments").Sections[0].Key);
            Assert.Equal("postmortem.md", templates.For("search").Name);
            Assert.Equal("postmortem.md", templates.For(null).Name);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Problems_EveryBrokenFileByNameAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("pm-templates-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.md"), "# A\n## S\n{{nope}}\n");
            File.WriteAllText(Path.Combine(folder, "b.md"), "# B\n\n## S\n\n{{also_nope}}\n");

            var problems = PostmortemTemplates.Problems(folder, "manifests/templates");

            Assert.Equal(2, problems.Count);
            Assert.StartsWith("manifests/templates/a.md:3: unknown placeholder {{nope}}", problems[0]);
            Assert.StartsWith("manifests/templates/b.md:5: unknown placeholder {{also_nope}}", problems[1]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bot.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Bot.sln not found above the test's folder.");
    }
}
