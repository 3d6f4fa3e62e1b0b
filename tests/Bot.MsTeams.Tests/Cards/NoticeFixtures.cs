using Bot.Core.Catalog;
using Bot.Core.Notifications;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>
/// Notices shaped like the on-call use cases' (a handoff prompt, then the same prompt accepted), their mentions resolved
/// against a small Payments team as delivery resolves them: Ana and Kwame have Teams ids, Lena has none (Slack only).
/// </summary>
internal static class NoticeFixtures
{
    public const string Tenant = "5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14";
    public const string TeamId = "19:team@thread.tacv2";
    public const string ChannelId = "19:pay@thread.tacv2";

    public static readonly DateTimeOffset HandoffAt = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly Member Ana = new("ana", "Ana Kovač", "ana@example.com", null, "29:1ana", "Europe/Berlin");
    public static readonly Member Kwame = new("kwame", "Kwame Mensah", "kwame@example.com", "U05KWAME01", "29:1kwame", "Africa/Accra");
    public static readonly Member Lena = new("lena", "Lena Fischer", "lena@example.com", "U05LENA001", null, "Europe/Berlin");

    public static readonly ServiceCatalog Catalog = new(
        [new OrgUnit("org", "Northwind", OrgUnitKind.Org, null)],
        [new Team("payments", "Payments", "org", [Ana, Kwame, Lena], [new ChatDestination(ChatPlatform.MsTeams, ChannelId, TeamId, Tenant)], [])],
        [], [], [], [], [], [], [], []);

    /// <summary>The prompt at a handoff: mentions in the summary, lines and footer; instants among the facts; two buttons.</summary>
    public static NoticeMessage Handoff() => new NoticeMessage(
        7,
        1,
        NoticeTone.Attention,
        "On-call handoff · Payments primary",
        $"{ChatText.Mention("ana")} hands Payments primary over to {ChatText.Mention("kwame")} with {ChatText.Mention("lena")} as backup. "
            + $"{ChatText.Mention("kwame")}, please accept the handoff.",
        [
            new MessageField("Rotation", "Payments primary (Payments)"),
            new MessageField("Incoming main", "Kwame Mensah"),
            new MessageField("Incoming backup", "Lena Fischer"),
            new MessageField("Outgoing main", "Ana Kovač"),
            new MessageField("Handoff", MessageField.Utc(HandoffAt), HandoffAt),
            new MessageField("Next handoff", MessageField.Utc(HandoffAt.AddDays(7)), HandoffAt.AddDays(7)),
        ],
        [
            new NoticeSection("Incidents during the shift (2)",
            [
                "#41 Checkout API availability <99.9% — opened Sun 1 Mar 14:05, acknowledged Sun 1 Mar 14:09 by Ana Kovač, resolved Sun 1 Mar 15:30",
                "#42 payment_gateway latency *p99* — opened Mon 2 Mar 07:10 — not acknowledged",
            ]),
            new NoticeSection("Carried over, still open (1)", ["#42 payment_gateway latency *p99* — opened Mon 2 Mar 07:10 — not acknowledged"]),
            new NoticeSection("Before you go",
            [
                $"{ChatText.Mention("ana")}: walk {ChatText.Mention("kwame")} through runbook, alert and dashboard changes made during the shift.",
                "Times are Europe/Berlin.",
            ]),
        ],
        [MessageAction.AcceptHandoff, MessageAction.TakeCover],
        $"Reminder for {ChatText.Mention("kwame")} in 30 minutes if not accepted; {ChatText.Mention("gone")} is no longer in the catalog.").WithPeople(Catalog);

    /// <summary>The same prompt once Kwame accepted it: green, no buttons, who accepted in the footer.</summary>
    public static NoticeMessage Taken() => Handoff() with
    {
        Version = 2,
        Tone = NoticeTone.Good,
        Actions = [],
        Fields = [.. Handoff().Fields, new MessageField("Accepted", $"by Kwame Mensah at {MessageField.Utc(HandoffAt.AddMinutes(12))}", HandoffAt.AddMinutes(12))],
        Footer = $"Accepted by {ChatText.Mention("kwame")}.",
    };
}
