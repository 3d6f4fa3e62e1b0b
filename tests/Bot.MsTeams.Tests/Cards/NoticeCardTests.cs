using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Notifications;
using Bot.MsTeams.Cards;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Cards;

public sealed class NoticeCardTests
{
    /// <summary>Teams refuses a message of about 28 KB (protocols.md B4); the card must leave room for the activity.</summary>
    private const int TeamsMessageLimit = 28 * 1024;

    private static string Json(JsonNode card) => card.ToJsonString(MsTeamsJson.Options);

    [Fact]
    public void NoticeCard_HandoffPrompt_MatchesGolden() =>
        GoldenFile.AssertMatches("notice-handoff.json", Json(NoticeCard.Render(NoticeFixtures.Handoff())));

    [Fact]
    public void NoticeCard_AcceptedHandoff_MatchesGolden() =>
        GoldenFile.AssertMatches("notice-taken.json", Json(NoticeCard.Render(NoticeFixtures.Taken())));

    [Theory]
    [InlineData(NoticeTone.Attention, "attention", "Attention")]
    [InlineData(NoticeTone.Warning, "warning", "Warning")]
    [InlineData(NoticeTone.Good, "good", "Good")]
    [InlineData(NoticeTone.Neutral, "emphasis", null)]
    public void NoticeCard_Banner_IsColouredByTone(NoticeTone tone, string style, string? color)
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff() with { Tone = tone });

        var banner = card["body"]![0]!;
        Assert.Equal(style, (string?)banner["style"]);
        Assert.Equal(color, (string?)banner["items"]![0]!["color"]);
        Assert.Equal("On-call handoff · Payments primary", (string?)banner["items"]![0]!["text"]);
    }

    [Fact]
    public void NoticeCard_EveryButton_IsAnExecuteWithVerbNoticeIdAndASubmitFallback()
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff());

        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["handoff.accept", "cover.accept"], actions.Select(a => (string?)a["verb"]));
        Assert.Equal(["Accept handoff", "I'll cover"], actions.Select(a => (string?)a["title"]));
        Assert.All(actions, action =>
        {
            Assert.Equal("Action.Execute", (string?)action["type"]);
            Assert.True(JsonNode.DeepEquals(new JsonObject { [CardActions.NoticeIdKey] = 7 }, action["data"]));
            var fallback = action["fallback"]!.AsObject();
            Assert.Equal("Action.Submit", (string?)fallback["type"]);
            Assert.Equal((string?)action["title"], (string?)fallback["title"]);
            Assert.True(JsonNode.DeepEquals(new JsonObject { [CardActions.ActionKey] = (string?)action["verb"], [CardActions.NoticeIdKey] = 7 }, fallback["data"]));
        });
    }

    [Fact]
    public void NoticeCard_TakenNotice_HasNoButtons()
    {
        var card = NoticeCard.Render(NoticeFixtures.Taken());

        Assert.Null(card["actions"]);
        Assert.Equal("good", (string?)card["body"]![0]!["style"]);
    }

    [Fact]
    public void NoticeCard_PeopleWithATeamsId_AreMentionedOncePerPersonAndNamedInTheText()
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff());

        var entities = card["msteams"]!["entities"]!.AsArray();
        Assert.Equal(
            [("mention", "<at>Ana Kovač</at>", "29:1ana", "Ana Kovač"), ("mention", "<at>Kwame Mensah</at>", "29:1kwame", "Kwame Mensah")],
            entities.Select(e => ((string?)e!["type"], (string?)e["text"], (string?)e["mentioned"]!["id"], (string?)e["mentioned"]!["name"])));
        var summary = (string?)card["body"]![1]!["text"];
        Assert.Equal(
            "<at>Ana Kovač</at> hands Payments primary over to <at>Kwame Mensah</at> with Lena Fischer as backup. <at>Kwame Mensah</at>, please accept the handoff.",
            summary);
        Assert.Equal("Full", (string?)card["msteams"]!["width"]);
    }

    [Fact]
    public void NoticeCard_SomeoneTheCatalogNoLongerKnows_ReadsAsTheirIdWithoutAMention()
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff());

        var footer = card["body"]!.AsArray().Last()!;
        Assert.Equal("Reminder for <at>Kwame Mensah</at> in 30 minutes if not accepted; @gone is no longer in the catalog.", (string?)footer["text"]);
        Assert.Equal(("Small", true), ((string?)footer["size"], (bool?)footer["isSubtle"]));
    }

    [Fact]
    public void NoticeCard_NoOneToMention_LeavesOutTheEntities()
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff() with
        {
            Summary = "A quiet week.",
            Sections = [],
            Footer = null,
        });

        Assert.Null(card["msteams"]!["entities"]);
    }

    [Fact]
    public void NoticeCard_Sections_AreAHeadingOverOneEscapedBulletPerLine()
    {
        var card = NoticeCard.Render(NoticeFixtures.Handoff());

        var texts = card["body"]!.AsArray().Select(e => (string?)e!["text"]).ToList();
        var heading = texts.IndexOf("Incidents during the shift (2)");
        Assert.True(heading > 0);
        Assert.Equal(
            @"• #41 Checkout API availability <99.9% — opened Sun 1 Mar 14:05, acknowledged Sun 1 Mar 14:09 by Ana Kovač, resolved Sun 1 Mar 15:30",
            texts[heading + 1]);
        Assert.Equal(@"• #42 payment_gateway latency \*p99\* — opened Mon 2 Mar 07:10 — not acknowledged", texts[heading + 2]);
        Assert.Equal("• <at>Ana Kovač</at>: walk <at>Kwame Mensah</at> through runbook, alert and dashboard changes made during the shift.", texts[texts.IndexOf("Before you go") + 1]);
    }

    [Fact]
    public void NoticeCard_TextAroundAMention_IsEscapedAsOneLine()
    {
        var notice = NoticeFixtures.Handoff() with
        {
            Summary = $"{ChatText.Mention("ana")} - <b>[click](https://evil.example)</b> {ChatText.Mention("kwame")}_x",
        };

        var card = NoticeCard.Render(notice.WithPeople(NoticeFixtures.Catalog));

        // No list marker is escaped after the mention (it is not at a line start); the link and the tag cannot form.
        Assert.Equal(@"<at>Ana Kovač</at> - \<b>\[click\]\(https://evil.example)\</b> <at>Kwame Mensah</at>\_x", (string?)card["body"]![1]!["text"]);
    }

    [Fact]
    public void NoticeCard_FieldWithAnInstant_ShowsItInTheReadersTime()
    {
        var card = NoticeCard.Render(NoticeFixtures.Taken());

        var facts = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(f => (string)f!["title"]!, f => (string?)f!["value"]);
        Assert.Equal("{{DATE(2026-03-02T08:00:00Z, SHORT)}} {{TIME(2026-03-02T08:00:00Z)}}", facts["Handoff"]);
        Assert.Equal("by Kwame Mensah at {{DATE(2026-03-02T08:12:00Z, SHORT)}} {{TIME(2026-03-02T08:12:00Z)}}", facts["Accepted"]);
    }

    [Fact]
    public void NoticeCard_AStormOfLines_ShowsTheFirstOnesAndCountsTheRest_UnderTeamsLimit()
    {
        var line = $"{ChatText.Mention("ana")} " + string.Concat(Enumerable.Repeat("ü*_[é]", 100));
        var notice = NoticeFixtures.Handoff() with
        {
            Sections = [new NoticeSection("Incidents during the shift (2000)", [.. Enumerable.Repeat(line, 2000)])],
        };

        var card = NoticeCard.Render(notice.WithPeople(NoticeFixtures.Catalog));

        var bytes = Encoding.UTF8.GetByteCount(Json(card));
        Assert.InRange(bytes, 1, TeamsMessageLimit - 4096);
        var body = card["body"]!.AsArray();
        var shown = body.Count(e => ((string?)e!["text"])?.StartsWith("• ", StringComparison.Ordinal) == true);
        Assert.InRange(shown, 20, 1999);
        Assert.Contains(body, e => (string?)e!["text"] == $"… and {2000 - shown} more lines not shown.");
        // The footer and the buttons survive the cut.
        Assert.StartsWith("Reminder for", (string?)body.Last()!["text"], StringComparison.Ordinal);
        Assert.Equal(2, card["actions"]!.AsArray().Count);
    }

    [Fact]
    public void NoticeCard_HugeTexts_AreCutUntilTheCardFits()
    {
        var huge = string.Concat(Enumerable.Repeat("ü*_[é]", 5000));
        var notice = NoticeFixtures.Handoff() with
        {
            Title = huge,
            Summary = huge,
            Fields = [.. Enumerable.Range(1, 40).Select(i => new MessageField($"Label {i} {huge}", huge))],
            Footer = huge,
        };

        var card = NoticeCard.Render(notice);

        Assert.InRange(Encoding.UTF8.GetByteCount(Json(card)), 1, TeamsMessageLimit - 4096);
        Assert.EndsWith("…", (string?)card["body"]![0]!["items"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal(MessageCards.MaxFacts, card["body"]!.AsArray().Single(e => (string?)e!["type"] == "FactSet")!["facts"]!.AsArray().Count);
    }
}
