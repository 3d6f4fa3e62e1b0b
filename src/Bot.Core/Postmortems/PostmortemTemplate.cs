using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Core.Postmortems;

/// <summary>
/// A postmortem template: Markdown whose first <c># </c> line is the document's title and whose <c>##</c> and
/// <c>###</c> headings each start a section, with <c>{{placeholder}}</c>s the incident fills in (see
/// <see cref="PostmortemPlaceholders"/>). Only blank lines may stand between the title and the first section.
/// </summary>
/// <param name="Name">What the postmortem records as its template: <c>book</c> (built in) or the file name.</param>
/// <param name="Title">The title line without its <c># </c>, placeholders unfilled.</param>
/// <param name="Sections">The sections in order, bodies unfilled.</param>
public sealed partial record PostmortemTemplate(string Name, string Title, IReadOnlyList<PostmortemSection> Sections)
{
    /// <summary>The name of the template built into the bot (book §9.5.7), used when the templates folder has none.</summary>
    public const string BookName = "book";

    /// <summary>
    /// The book's template (§9.5.7, after dastergon/postmortem-templates): title with the incident's id, priority,
    /// severity, detection and resolution; summary; response team; one-time quick fix; sustainable improvement.
    /// The same text ships as <c>manifests/templates/postmortem.md</c> for teams to copy.
    /// </summary>
    public static PostmortemTemplate Book { get; } = Parse(BookName, BookText);

    /// <summary>
    /// Reads a template. Problems (no title, text before the first section, a heading without words, a key that repeats,
    /// an unknown or malformed placeholder) throw <see cref="PostmortemTemplateException"/> naming each by
    /// <paramref name="source"/>:line.
    /// </summary>
    /// <param name="source">How problems name the file, e.g. <c>manifests/templates/payments.md</c>; defaults to <paramref name="name"/>.</param>
    public static PostmortemTemplate Parse(string name, string text, string? source = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(text);
        source ??= name;
        var problems = new List<string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        string? title = null;
        var sections = new List<(string Key, string Heading, int Level, int Line, StringBuilder Body)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            var heading = Heading().Match(line);
            if (title is null)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                if (heading.Success && heading.Groups[1].Length == 1)
                {
                    title = heading.Groups[2].Value.Trim();
                    CheckPlaceholders(title, source, number, problems);
                    continue;
                }
                problems.Add($"{source}:{number}: a template starts with its title line, '# …'.");
                break;
            }
            if (heading.Success && heading.Groups[1].Length is 2 or 3)
            {
                var words = heading.Groups[2].Value.Trim();
                var key = Slug(words);
                if (Placeholder().IsMatch(words) || words.Contains("{{", StringComparison.Ordinal))
                {
                    problems.Add($"{source}:{number}: a section heading cannot hold placeholders ('{words}'); put them in the text under it.");
                }
                else if (key.Length == 0)
                {
                    problems.Add($"{source}:{number}: the heading '{line.Trim()}' has no words to name the section by.");
                }
                else if (sections.FirstOrDefault(s => s.Key == key) is { Key: not null } earlier)
                {
                    problems.Add($"{source}:{number}: the section key '{key}' repeats the heading on line {earlier.Line}; headings must differ.");
                }
                sections.Add((key, StripNumbering(words), heading.Groups[1].Length, number, new StringBuilder()));
                continue;
            }
            if (heading.Success && heading.Groups[1].Length == 1)
            {
                problems.Add($"{source}:{number}: only the first line is a '# ' title; use '##' or '###' for sections.");
                continue;
            }
            if (sections.Count == 0)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    problems.Add($"{source}:{number}: text between the title and the first '##' section would be lost; put it under a heading.");
                }
                continue;
            }
            CheckPlaceholders(line, source, number, problems);
            sections[^1].Body.Append(line).Append('\n');
        }
        if (title is null && problems.Count == 0)
        {
            problems.Add($"{source}:1: the template is empty; it needs a '# ' title line and '##' sections.");
        }
        else if (title is not null && sections.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{source}:{lines.Length}: the template has no '##' section to edit.");
        }
        if (problems.Count > 0)
        {
            throw new PostmortemTemplateException(source, problems);
        }
        return new PostmortemTemplate(name, title!, [.. sections.Select(s => new PostmortemSection(s.Key, s.Heading, s.Level, s.Body.ToString().Trim('\n')))]);
    }

    /// <summary>
    /// The section key of a heading: numbering (<c>4.</c>, <c>4.1</c>, <c>a)</c>) dropped, lowercase letters and digits
    /// joined by dashes: "4. One-time quick fix" → <c>one-time-quick-fix</c>.
    /// </summary>
    public static string Slug(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var slug = new StringBuilder();
        foreach (var c in StripNumbering(heading).ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        return slug.ToString().TrimEnd('-');
    }

    /// <summary>The template filled in: the title and every section body with the values of <paramref name="facts"/>; <c>{{action_items}}</c> stays, for the live table.</summary>
    public (string Title, IReadOnlyList<PostmortemSection> Sections) Fill(IReadOnlyDictionary<string, string> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return (Replace(Title, facts), [.. Sections.Select(s => s with { Body = Replace(s.Body, facts) })]);
    }

    /// <summary>Replaces the placeholders it has values for; others (<c>{{action_items}}</c>) stay as written.</summary>
    public static string Replace(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);
    }

    private static void CheckPlaceholders(string line, string source, int number, List<string> problems)
    {
        foreach (Match match in Placeholder().Matches(line))
        {
            var name = match.Groups[1].Value;
            if (!PostmortemPlaceholders.Known.Contains(name))
            {
                problems.Add($"{source}:{number}: unknown placeholder {{{{{name}}}}}; known: {string.Join(", ", PostmortemPlaceholders.Known)}.");
            }
        }
        var rest = Placeholder().Replace(line, "");
        if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
        {
            problems.Add($"{source}:{number}: a placeholder is written {{{{name}}}} (letters, digits, '.' and '_'); this line has a stray '{{{{' or '}}}}'.");
        }
    }

    private static string StripNumbering(string heading) => Numbering().Replace(heading.Trim(), "").Trim();

    private const string BookText = """
        # Postmortem #{{incident.id}}: {{incident.title}}

        ## Incident
        - Incident: #{{incident.id}}, priority {{priority}}, severity {{severity}}
        - Detected: {{detected}}
        - Resolved: {{resolved}}
        - Service: {{service}}, SLO {{slo}}, team {{team}}
        - Time to acknowledge: {{time_to_acknowledge}}; time to recover: {{time_to_recover}}
        - Occurrences: {{occurrences}}
        - Error budget consumed: {{budget_consumed}}
        - Runbook: {{runbook}}; dashboard: {{dashboard}}

        ## Summary
        What happened, in a short narrative paragraph.

        ## Incident response team
        - Incident coordinator: {{coordinator}}
        - Incident communicator: {{communicator}}
        - Technical experts: {{experts}}
        - Everyone who acted: {{people}}

        ## Timeline
        {{timeline}}

        ## One-time quick fix

        ### Detection
        How was the incident detected, and how long did it take?

        ### Customer impact
        Who was affected, how, and for how long?

        ### Identified root causes
        What caused it? Ask "why?" until the answers teach something.

        ### Immediate resolution
        What stopped the bleeding?

        ## Sustainable improvement

        ### Lessons learned
        What went well, what went wrong, where did we get lucky?

        ### Action items
        {{action_items}}

        ### What and how can others learn from the incident?
        - [ ] Your runbooks
        - [ ] Your alerts and SLOs
        - [ ] Your on-call rotations and processes
        - [ ] Your architecture and dependencies
        """;

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(\d+(\.\d+)*[.)]?\s+|([A-Za-z]|[IVXivx]+)[.)]\s+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Numbering();
}

/// <summary>A template that cannot be used; <see cref="Problems"/> name each problem by file and line.</summary>
public sealed class PostmortemTemplateException(string source, IReadOnlyList<string> problems)
    : Exception($"The postmortem template {source} has {problems.Count} problem(s):\n{string.Join("\n", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The placeholders a template may use, filled from the incident when the postmortem starts.</summary>
public static class PostmortemPlaceholders
{
    /// <summary>The live action item table, rendered whenever the postmortem is read, not when it starts.</summary>
    public const string ActionItems = "action_items";

    public static IReadOnlyList<string> Known { get; } =
    [
        "incident.id", "incident.title", "priority", "severity", "detected", "resolved", "time_to_acknowledge", "time_to_recover",
        "occurrences", "budget_consumed", "service", "slo", "team", "runbook", "dashboard", "coordinator", "communicator",
        "experts", "people", "timeline", ActionItems,
    ];

    internal static string Token(string name) => string.Create(CultureInfo.InvariantCulture, $"{{{{{name}}}}}");
}
