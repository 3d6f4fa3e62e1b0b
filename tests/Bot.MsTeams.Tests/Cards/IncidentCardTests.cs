using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.MsTeams.Cards;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Cards;

public sealed class IncidentCardTests
{
    /// <summary>Teams refuses a message of about 28 KB (protocols.md B4); the card must leave room for the activity.</summary>
    private const int TeamsMessageLimit = 28 * 1024;

    private static string Json(JsonNode card) => card.ToJsonString(MsTeamsJson.Options);

    private static JsonObject Render(IncidentRecord record) => IncidentCard.Render(CardFixtures.Message(record), StandInPriorities.BookDefaults);

    [Fact]
    public void IncidentCard_OpenIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-open.json", Json(Render(CardFixtures.Open())));

    [Fact]
    public void IncidentCard_AcknowledgedIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-acknowledged.json", Json(Render(CardFixtures.Acknowledged())));

    [Fact]
    public void IncidentCard_ResolvedIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-resolved.json", Json(Render(CardFixtures.Resolved())));

    [Fact]
    public void IncidentCard_UnroutedIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-unrouted.json", Json(Render(CardFixtures.Unrouted())));

    [Theory]
    [InlineData(IncidentState.Open, IncidentSeverity.Critical, "attention")]
    [InlineData(IncidentState.Open, IncidentSeverity.Error, "attention")]
    [InlineData(IncidentState.Open, IncidentSeverity.Warning, "warning")]
    [InlineData(IncidentState.Acknowledged, IncidentSeverity.Critical, "accent")]
    [InlineData(IncidentState.Resolved, IncidentSeverity.Critical, "good")]
    public void IncidentCard_Banner_IsColouredByStateAndSeverity(IncidentState state, IncidentSeverity severity, string style)
    {
        var card = Render(CardFixtures.Open() with { State = state, Severity = severity });

        Assert.Equal(style, (string?)card["body"]![0]!["style"]);
    }

    [Fact]
    public void IncidentCard_EveryButton_IsAnExecuteWithVerbIncidentIdAndASubmitFallback()
    {
        var card = Render(CardFixtures.Open());

        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(
            ["incident.acknowledge", "incident.resolve", "incident.coordinate", "incident.communicate", "incident.postmortem"],
            actions.Select(a => (string?)a["verb"]));
        Assert.All(actions, action =>
        {
            Assert.Equal("Action.Execute", (string?)action["type"]);
            Assert.Equal(42, (long?)action["data"]![CardActions.IncidentIdKey]);
            var fallback = action["fallback"]!.AsObject();
            Assert.Equal("Action.Submit", (string?)fallback["type"]);
            Assert.Equal((string?)action["title"], (string?)fallback["title"]);
            Assert.Equal((string?)action["verb"], (string?)fallback["data"]![CardActions.ActionKey]);
            Assert.Equal(42, (long?)fallback["data"]![CardActions.IncidentIdKey]);
        });
        Assert.Equal("positive", (string?)actions[0]["style"]);
    }

    [Fact]
    public void IncidentCard_Links_AreOpenUrlActionsInTheBody()
    {
        var card = Render(CardFixtures.Open());

        var links = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]!.AsArray();
        Assert.Equal(["Runbook", "Dashboard", "Source", "Silence"], links.Select(l => (string?)l!["title"]));
        Assert.All(links, l => Assert.Equal("Action.OpenUrl", (string?)l!["type"]));
        Assert.Equal("https://runbooks.example.com/checkout?slo=availability&env=production", (string?)links[0]!["url"]);
    }

    [Fact]
    public void IncidentCard_ResolvedIncident_OffersOnlyThePostmortem()
    {
        var card = Render(CardFixtures.Resolved());

        Assert.Equal(["incident.postmortem"], card["actions"]!.AsArray().Select(a => (string?)a!["verb"]));
    }

    [Fact]
    public void IncidentCard_FieldWithAnInstant_ShowsItInTheReadersTime()
    {
        var facts = Facts(Render(CardFixtures.Acknowledged()));

        Assert.Equal("{{DATE(2026-03-01T14:05:00Z, SHORT)}} {{TIME(2026-03-01T14:05:00Z)}}", facts["Started"]);
        Assert.Equal("by Ana Kovač at {{DATE(2026-03-01T14:09:00Z, SHORT)}} {{TIME(2026-03-01T14:09:00Z)}}", facts["Acknowledged"]);
    }

    [Fact]
    public void IncidentCard_TextThatOnlyLooksLikeATime_StaysText()
    {
        var message = CardFixtures.Message(CardFixtures.Open()) with
        {
            Fields = [new MessageField("Note", "window=\"2026-03-01 14:05 UTC\" matched nothing")],
        };

        var json = Json(IncidentCard.Render(message));

        Assert.DoesNotContain("{{DATE(", json, StringComparison.Ordinal);
        Assert.Contains("2026-03-01 14:05 UTC", json, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentCard_MarkdownInTheTitle_IsEscaped()
    {
        var card = Render(CardFixtures.Open() with { Title = "**Pay now** at [your bank](https://evil.example) _quick_" });

        var title = (string?)card["body"]![0]!["items"]![1]!["text"];
        Assert.Equal(@"\*\*Pay now\*\* at \[your bank\]\(https://evil.example) \_quick\_", title);
    }

    [Fact]
    public void IncidentCard_AlertTextCannotForgeADateFunction()
    {
        var card = Render(CardFixtures.Unrouted() with { UnroutedReason = "{{DATE(2020-01-01T00:00:00Z)}}" });

        Assert.DoesNotContain("{{DATE(2020", Json(card), StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentCard_UnroutedIncident_WarnsInsteadOfListingAFact()
    {
        var card = Render(CardFixtures.Unrouted());

        var warning = card["body"]!.AsArray().Single(e => (string?)e!["color"] == "Warning");
        Assert.StartsWith("⚠ No team owns this alert: no catalog SLO matched", (string?)warning!["text"], StringComparison.Ordinal);
        Assert.DoesNotContain(IncidentCard.UnroutedField, Facts(card).Keys);
    }

    [Fact]
    public void IncidentCard_HugeTitleAndFields_StayWellUnderTeamsLimit()
    {
        // Non-ASCII and markdown characters cost the most on the wire: \uXXXX escapes and backslashes.
        var huge = string.Concat(Enumerable.Repeat("ü*_[é]", 5000));
        var message = CardFixtures.Message(CardFixtures.Open() with { Title = huge }) with
        {
            Fields = [.. Enumerable.Range(1, 40).Select(i => new MessageField($"Label {i} {huge}", huge))],
        };

        var card = IncidentCard.Render(message);

        var bytes = Encoding.UTF8.GetByteCount(Json(card));
        Assert.InRange(bytes, 1, TeamsMessageLimit - 4096);
        var title = (string?)card["body"]![0]!["items"]![1]!["text"];
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.Equal(5, card["actions"]!.AsArray().Count);
    }

    [Fact]
    public void AdaptiveCardAttachment_For_WrapsTheCardAsAnAdaptiveCardAttachment()
    {
        var card = Render(CardFixtures.Open());

        var attachment = AdaptiveCardAttachment.For(card);

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Same(card, attachment.Content);
    }

    private static Dictionary<string, string?> Facts(JsonObject card) =>
        card["body"]!.AsArray()
            .Where(e => (string?)e!["type"] == "FactSet")
            .SelectMany(e => e!["facts"]!.AsArray())
            .ToDictionary(f => (string)f!["title"]!, f => (string?)f!["value"]);
}
