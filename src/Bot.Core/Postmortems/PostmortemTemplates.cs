namespace Bot.Core.Postmortems;

/// <summary>
/// The templates postmortems start from, read once from <see cref="PostmortemOptions.TemplatesPath"/>: a team's own
/// (<c>&lt;team-id&gt;.md</c>), else the folder's <c>postmortem.md</c>, else the built-in <see cref="PostmortemTemplate.Book"/>.
/// Every <c>*.md</c> in the folder is read when the host starts; one that does not parse stops it, naming file and line.
/// </summary>
public sealed class PostmortemTemplates
{
    /// <summary>The folder's default template, for teams without their own.</summary>
    public const string DefaultFileName = "postmortem.md";

    private readonly Dictionary<string, PostmortemTemplate> _byFile;

    /// <param name="folder">An absolute path, or relative to the working directory; a missing folder means the built-in template only.</param>
    public PostmortemTemplates(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _byFile = Read(folder);
    }

    private PostmortemTemplates(Dictionary<string, PostmortemTemplate> byFile) => _byFile = byFile;

    /// <summary>Only the built-in template.</summary>
    public static PostmortemTemplates BuiltIn { get; } = new(new Dictionary<string, PostmortemTemplate>(StringComparer.Ordinal));

    /// <summary>The template files read, by file name.</summary>
    public IReadOnlyCollection<string> Files => _byFile.Keys;

    /// <summary>The template a team's postmortems start from.</summary>
    public PostmortemTemplate For(string? teamId) =>
        (teamId is not null && _byFile.TryGetValue(teamId + ".md", out var own) ? own : null)
        ?? _byFile.GetValueOrDefault(DefaultFileName)
        ?? PostmortemTemplate.Book;

    /// <summary>
    /// Every problem of every template in the folder, by file and line (empty when all parse). What start-up validation reports.
    /// </summary>
    /// <param name="shownAs">How the folder is named in problems, e.g. the configured relative path.</param>
    public static IReadOnlyList<string> Problems(string folder, string? shownAs = null)
    {
        try
        {
            Read(folder, shownAs);
            return [];
        }
        catch (PostmortemTemplateException problem)
        {
            return problem.Problems;
        }
        catch (AggregateException all)
        {
            return [.. all.InnerExceptions.OfType<PostmortemTemplateException>().SelectMany(p => p.Problems)];
        }
    }

    private static Dictionary<string, PostmortemTemplate> Read(string folder, string? shownAs = null)
    {
        var templates = new Dictionary<string, PostmortemTemplate>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return templates;
        }
        var failures = new List<PostmortemTemplateException>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            try
            {
                templates[name] = PostmortemTemplate.Parse(name, File.ReadAllText(path), Path.Combine(shownAs ?? folder, name));
            }
            catch (PostmortemTemplateException problem)
            {
                failures.Add(problem);
            }
        }
        return failures.Count switch
        {
            0 => templates,
            1 => throw failures[0],
            _ => throw new AggregateException(failures),
        };
    }
}
