namespace Bot.Core.Postmortems;

/// <summary>The <c>Postmortems</c> configuration section: templates, links, and the timeliness the book asks for (Table 9.21).</summary>
public sealed class PostmortemOptions
{
    /// <summary>
    /// The folder of team templates: <c>&lt;team-id&gt;.md</c> is that team's, <c>postmortem.md</c> everyone else's; with
    /// neither, the built-in book template. Relative paths are from the content root.
    /// </summary>
    public string TemplatesPath { get; set; } = "manifests/templates";

    /// <summary>Where people reach the bot's API, for the links in chat: <c>{PublicBaseUrl}/api/postmortems/{id}.md</c>.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080");

    /// <summary>A required postmortem not started this long after resolution reminds the coordinator and the team channel.</summary>
    public TimeSpan StartReminderAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A required postmortem's meeting is due this long after resolution; after it, it is overdue until reviewed.</summary>
    public TimeSpan MeetingDueAfter { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often the <c>postmortem-sweep</c> timer looks for reminders to send.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after resolution an incident's postmortem is tracked (reminders, overdue lists); older ones are left alone.</summary>
    public TimeSpan TrackFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The link to a postmortem's Markdown export.</summary>
    public Uri MarkdownLink(long postmortemId) => new(PublicBaseUrl, $"/api/postmortems/{postmortemId}.md");
}
