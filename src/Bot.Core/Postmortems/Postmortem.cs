using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>
/// An incident's postmortem (book §9.4–9.5): a document made from a template, pre-filled from the incident, edited
/// section by section, and tracked from draft to published. One per incident. Shown to people as <c>PM-{Id}</c>.
/// </summary>
/// <param name="Id">0 before it is stored.</param>
/// <param name="Template">The template it was made from: <c>book</c> (built in) or a file name under the templates folder.</param>
/// <param name="Title">The document's title line (the template's first <c># </c> heading, filled in).</param>
/// <param name="Sections">The editable parts, in the template's order.</param>
/// <param name="Version">1 when created; each saved change adds one.</param>
public sealed record Postmortem(
    long Id,
    long IncidentId,
    string? TeamId,
    PostmortemState State,
    string Template,
    string Title,
    IReadOnlyList<PostmortemSection> Sections,
    DateTimeOffset CreatedAt,
    Actor CreatedBy,
    DateTimeOffset UpdatedAt,
    int Version)
{
    /// <summary>When the postmortem meeting is planned, if someone said.</summary>
    public DateTimeOffset? MeetingAt { get; init; }

    /// <summary>When the meeting was held (the postmortem reached <see cref="PostmortemState.Reviewed"/>).</summary>
    public DateTimeOffset? MeetingHeldAt { get; init; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>How people name it: <c>PM-7</c>.</summary>
    public string Reference => PostmortemReference.Of(Id);
}

/// <summary>One heading of a postmortem and the Markdown under it, up to the next heading.</summary>
/// <param name="Key">Stable, from the heading: lowercase words joined by dashes (<c>customer-impact</c>); what chat and the API edit by.</param>
/// <param name="Level">The heading's level: 2 for <c>##</c>, 3 for <c>###</c>.</param>
/// <param name="Body">Markdown; may be empty.</param>
public sealed record PostmortemSection(string Key, string Heading, int Level, string Body);

/// <summary>Where a postmortem is in its life (book Table 9.22).</summary>
public enum PostmortemState
{
    /// <summary>Being written: the timeline built, the write-up drafted and circulated before the meeting.</summary>
    Draft,
    /// <summary>The meeting was held: the timeline reviewed, action items agreed.</summary>
    Reviewed,
    /// <summary>Finalised and distributed.</summary>
    Published,
}

/// <summary>The <c>PM-7</c> / <c>AI-12</c> references people type.</summary>
public static class PostmortemReference
{
    public static string Of(long postmortemId) => $"PM-{postmortemId}";

    public static string OfActionItem(long actionItemId) => $"AI-{actionItemId}";

    /// <summary>Reads <c>PM-7</c> (any case) or a bare <c>7</c>.</summary>
    public static bool TryParse(string text, out long postmortemId) => TryParse(text, "PM-", out postmortemId);

    /// <summary>Reads <c>AI-12</c> (any case) or a bare <c>12</c>.</summary>
    public static bool TryParseActionItem(string text, out long actionItemId) => TryParse(text, "AI-", out actionItemId);

    private static bool TryParse(string text, string prefix, out long id)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? text[prefix.Length..] : text;
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
