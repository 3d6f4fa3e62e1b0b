using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Notifications;

namespace Bot.Slack.Tests.Support;

/// <summary>
/// A handoff prompt as the on-call use case would write it: Ana (Slack user <see cref="TestCatalog.AnaSlackId"/>) hands
/// over to Kwame, whom the catalog knows by name only (no Slack id), with a member the catalog no longer knows in a note.
/// </summary>
internal static class TestNotices
{
    public static Member Ana { get; } = new("ana", "Ana Kovač", "ana@example.com", TestCatalog.AnaSlackId, null, "Europe/Ljubljana");

    public static Member Kwame { get; } = new("kwame", "Kwame Mensah", "kwame@example.com", null, null, "Africa/Accra");

    public static DateTimeOffset HandoffAt { get; } = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static IReadOnlyDictionary<string, Member> People { get; } = new Dictionary<string, Member>(StringComparer.Ordinal)
    {
        [Ana.Id] = Ana,
        [Kwame.Id] = Kwame,
    };

    private static readonly NoticeSection[] Sections =
    [
        new("Open incidents", [
            $"#42 Checkout API availability <99.9% · acknowledged by {ChatText.Mention("ana")}",
            "#43 Ledger latency · open",
        ]),
        new("Notes", [
            "Deploy freeze until Friday",
            $"Ask {ChatText.Mention("ghost")} about the ledger migration",
        ]),
    ];

    private static readonly MessageField[] Fields =
    [
        new("Rotation", "payments-primary"),
        new("Outgoing", "Ana Kovač"),
        new("Incoming", "Kwame Mensah"),
        new("At", "2026-03-02 08:00 UTC", HandoffAt),
    ];

    /// <summary>Waiting for Kwame: two buttons, the first to accept.</summary>
    public static NoticeMessage Handoff(long noticeId = 7) => new(
        noticeId, 1, NoticeTone.Attention,
        "Handoff: Payments primary",
        $"{ChatText.Mention("ana")} hands over to {ChatText.Mention("kwame")} at 09:00 <Europe/Ljubljana> & asks for a quick look.",
        Fields,
        Sections,
        [MessageAction.AcceptHandoff, MessageAction.TakeCover],
        $"Waiting for {ChatText.Mention("kwame")} to accept")
    {
        People = People,
    };

    /// <summary>Kwame accepted: no buttons left.</summary>
    public static NoticeMessage Taken(long noticeId = 7) => Handoff(noticeId) with
    {
        Version = 2,
        Tone = NoticeTone.Good,
        Title = "Handoff: Payments primary (accepted)",
        Summary = $"{ChatText.Mention("kwame")} accepted the handoff from {ChatText.Mention("ana")}.",
        Fields = [.. Fields, new("Accepted", "by Kwame Mensah at 2026-03-02 08:03 UTC", HandoffAt.AddMinutes(3))],
        Actions = [],
        Footer = $"Accepted by {ChatText.Mention("kwame")}",
    };

    /// <summary>The stored notice behind <see cref="Handoff"/>.</summary>
    public static Notice Stored(long noticeId = 7) => new(
        noticeId, NoticeKind.Handoff, "payments", "payments-primary", $"handoff:payments-primary:2026-03-02T08:00Z:{noticeId}",
        NoticeState.Open, "{}", Handoff(noticeId), 1, HandoffAt.AddMinutes(-5));
}
