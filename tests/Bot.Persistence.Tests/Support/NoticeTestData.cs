using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.Support;

/// <summary>Notices of team <c>payments</c> (<see cref="IncidentTestData.Catalog"/>): a handoff prompt from Ana to Bo.</summary>
public static class NoticeTestData
{
    public const string HandoffKey = "handoff:payments-primary:2026-05-04T09:00Z";

    /// <summary>A new handoff prompt (id 0, version 1) whose message mentions Ana and Bo and carries every part a message has.</summary>
    public static Notice Handoff(string dedupKey = HandoffKey, NoticeKind kind = NoticeKind.Handoff, string teamId = Payments, DateTimeOffset? at = null) =>
        new(0, kind, teamId, "payments-primary", dedupKey, NoticeState.Open, """{"from":"ana","to":"bo","carried":[12,13]}""", Prompt(), 1, at ?? T0);

    public static NoticeMessage Prompt(NoticeTone tone = NoticeTone.Attention, string? footer = "Accept within 30 minutes") => new(
        0,
        0,
        tone,
        "Handoff: payments primary",
        $"{ChatText.Mention("ana")} hands over to {ChatText.Mention("bo")}.",
        [new MessageField("Shift", MessageField.Utc(T0), T0), new MessageField("Rotation", "payments-primary")],
        [new NoticeSection("Incidents during the shift", ["#12 Checkout errors (resolved)", $"#13 Latency, with {ChatText.Mention("ana")}"]), new NoticeSection("Empty", [])],
        [MessageAction.AcceptHandoff],
        footer);

    /// <summary>The notice taken by Bo: the change a use case saves as version 2.</summary>
    public static Notice Taken(Notice notice, DateTimeOffset at) => notice with
    {
        State = NoticeState.Taken,
        TakenBy = "bo",
        TakenAt = at,
        Data = """{"from":"ana","to":"bo","accepted":true}""",
        Version = notice.Version + 1,
        Message = Prompt(NoticeTone.Good, footer: null) with { NoticeId = notice.Id, Version = notice.Version + 1, Actions = [] },
    };

    /// <summary>Adds the notice (it must be new) and queues its posts, in one write.</summary>
    public static Task<Notice> AddAsync(INoticeStore store, Notice notice, IReadOnlyList<string>? destinations = null) =>
        store.WriteAsync(
            async session =>
            {
                var added = await session.AddAsync(notice, CancellationToken.None) ?? throw new InvalidOperationException($"{notice.DedupKey} exists.");
                await session.EnqueuePostsAsync(added.Id, destinations ?? [], CancellationToken.None);
                return added;
            },
            CancellationToken.None);

    public static Task SaveAsync(INoticeStore store, Notice notice) =>
        store.WriteAsync(async session => { await session.SaveAsync(notice, CancellationToken.None); return true; }, CancellationToken.None);

    /// <summary>
    /// Asserts two notices are the same, comparing the message's lists by their items (records compare lists by
    /// reference) and ignoring <see cref="NoticeMessage.People"/>, which is resolved at delivery, not stored.
    /// </summary>
    public static void AssertSame(Notice expected, Notice? actual)
    {
        Assert.NotNull(actual);
        var compared = Prompt();
        Assert.Equal(expected with { Message = compared }, actual with { Message = compared });
        AssertSame(expected.Message, actual.Message);
    }

    public static void AssertSame(NoticeMessage expected, NoticeMessage actual)
    {
        Assert.Equal(
            (expected.NoticeId, expected.Version, expected.Tone, expected.Title, expected.Summary, expected.Footer),
            (actual.NoticeId, actual.Version, actual.Tone, actual.Title, actual.Summary, actual.Footer));
        Assert.Equal(expected.Fields, actual.Fields);
        Assert.Equal(expected.Sections.Select(s => (s.Heading, string.Join("\n", s.Lines))), actual.Sections.Select(s => (s.Heading, string.Join("\n", s.Lines))));
        Assert.Equal(expected.Actions, actual.Actions);
    }
}
