using System.Text.Json.Serialization;
using Bot.Core.Catalog;
using Bot.Core.Delivery;

namespace Bot.Core.Notifications;

/// <summary>
/// A message about the team rather than one incident, rendered the same way on every platform: a handoff prompt,
/// a cover request, a reminder. A title, a short summary, facts (label: value), sections of lines, and buttons.
/// <see cref="Summary"/>, section lines and <see cref="Footer"/> may hold <see cref="ChatText.Mention"/> tokens,
/// resolved into <see cref="People"/> when the message goes out (<see cref="WithPeople"/>); render them with
/// <see cref="Text"/>.
/// </summary>
/// <param name="Tone">Colours the message: what state it is in.</param>
/// <param name="Actions">Buttons; a click comes back as (<see cref="MessageAction.Id"/>, <see cref="NoticeId"/>).</param>
public sealed record NoticeMessage(
    long NoticeId,
    int Version,
    NoticeTone Tone,
    string Title,
    string Summary,
    IReadOnlyList<MessageField> Fields,
    IReadOnlyList<NoticeSection> Sections,
    IReadOnlyList<MessageAction> Actions,
    string? Footer = null) : ChatMessage
{
    [JsonIgnore]
    public override MessageSubject Subject => MessageSubject.Notice(NoticeId);

    /// <summary>The members the text mentions, by id (filled by <see cref="WithPeople"/>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Member> People { get; init; } = new Dictionary<string, Member>(StringComparer.Ordinal);

    /// <summary>The message with the people its text mentions resolved against <paramref name="catalog"/>.</summary>
    public NoticeMessage WithPeople(ServiceCatalog catalog) => this with
    {
        People = ChatText.PeopleIn(Summary, catalog, [.. Sections.SelectMany(s => s.Lines), Footer]),
    };

    /// <summary>Any text of this message as <see cref="ChatText"/>, mentions resolved with <see cref="People"/>.</summary>
    public ChatText Text(string text) => new(text, People);
}

/// <summary>A heading and its lines (one bullet each), e.g. "Incidents during the shift".</summary>
public sealed record NoticeSection(string Heading, IReadOnlyList<string> Lines);

/// <summary>How a notice reads at a glance: waiting for someone, done, or overdue.</summary>
public enum NoticeTone
{
    /// <summary>Waiting for someone to act (accept the handoff, take the cover).</summary>
    Attention,
    /// <summary>Done: accepted, taken.</summary>
    Good,
    /// <summary>Overdue or escalated: nobody acted in time.</summary>
    Warning,
    /// <summary>No longer relevant (cancelled, superseded).</summary>
    Neutral,
}
