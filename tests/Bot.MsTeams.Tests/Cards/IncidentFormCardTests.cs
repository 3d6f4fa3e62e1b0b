using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.MsTeams.Cards;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>The incident card's priority and severity menus, and the postmortem's card form.</summary>
public sealed class IncidentFormCardTests
{
    private static IEnumerable<JsonObject> Inputs(JsonNode? node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true => [o],
        JsonObject o => o.SelectMany(p => Inputs(p.Value)),
        JsonArray a => a.SelectMany(Inputs),
        _ => [],
    };

    [Fact]
    public void IncidentCard_Menus_OfferTheCatalogsPrioritiesAndTheSeverities_WithTheCurrentValues()
    {
        var message = CardFixtures.Message(CardFixtures.Open()) with { Priority = "P2", Severity = IncidentSeverity.Error };

        var card = IncidentCard.Render(message, StandInPriorities.BookDefaults);

        var inputs = Inputs(card).ToList();
        Assert.Equal(["priority", "severity"], inputs.Select(i => (string?)i["id"]));
        Assert.All(inputs, i => Assert.Equal(("Input.ChoiceSet", "compact"), ((string?)i["type"], (string?)i["style"])));
        Assert.Equal(["P1", "P2", "P3"], inputs[0]["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        Assert.Equal("P2 · Major business impact", (string?)inputs[0]["choices"]![1]!["title"]);
        Assert.Equal(("P2", "error"), ((string?)inputs[0]["value"], (string?)inputs[1]["value"]));
        Assert.Equal(["critical", "error", "warning"], inputs[1]["choices"]!.AsArray().Select(c => (string?)c!["value"]));
        var set = TeamsMessageActions(card).Single(a => (string?)a["verb"] == ClassifyForm.Verb);
        Assert.Equal(42, (long?)set["data"]!["incidentId"]);
        Assert.Equal((ClassifyForm.Verb, 42L), ((string?)set["fallback"]!["data"]!["action"], (long?)set["fallback"]!["data"]!["incidentId"]));
    }

    [Fact]
    public void IncidentCard_WithoutPriorities_OrWithOneTheCatalogDoesNotDefine_HasNoPrioritySelection()
    {
        var message = CardFixtures.Message(CardFixtures.Open()) with { Priority = "P5" };

        Assert.Equal(["severity"], Inputs(IncidentCard.Render(message)).Select(i => (string?)i["id"]));
        Assert.Null(Inputs(IncidentCard.Render(message, StandInPriorities.BookDefaults)).First()["value"]);
    }

    [Fact]
    public void PostmortemForm_HasAMultilineFieldPerSection_AndASaveNamingThePostmortemAndVersion()
    {
        var card = PostmortemFormCard.Render(StandInPriorities.Postmortem(), "PM-7 started.");

        var inputs = Inputs(card).ToList();
        Assert.Equal(["section.summary", "section.detection"], inputs.Select(i => (string?)i["id"]));
        Assert.All(inputs, i => Assert.Equal(("Input.Text", true), ((string?)i["type"], (bool?)i["isMultiline"])));
        Assert.Equal(("Summary", null, "↳ Detection", "Detected by the burn alert."), ((string?)inputs[0]["label"], (string?)inputs[0]["value"], (string?)inputs[1]["label"], (string?)inputs[1]["value"]));
        var save = Assert.Single(TeamsMessageActions(card));
        Assert.Equal((PostmortemFormCard.SaveVerb, 7L, 3), ((string?)save["verb"], (long?)save["data"]!["postmortemId"], (int?)save["data"]!["version"]));
        Assert.Equal(PostmortemFormCard.SaveVerb, (string?)save["fallback"]!["data"]!["action"]);
        Assert.Equal("PM-7 started.", (string?)card["body"]![0]!["text"]);
    }

    [Fact]
    public void PostmortemForm_TooBigForTeams_ShowsTheLongestSectionsAsNotes()
    {
        var huge = StandInPriorities.Postmortem() with
        {
            Sections = [new PostmortemSection("summary", "Summary", 2, "short"), new PostmortemSection("timeline", "Timeline", 2, new string('t', 40_000))],
        };

        var card = PostmortemFormCard.Render(huge);

        Assert.True(AdaptiveElements.SizeOf(card) <= AdaptiveElements.MaxCardBytes);
        Assert.Equal(["section.summary"], Inputs(card).Select(i => (string?)i["id"]));
        Assert.Contains("Timeline: too long to edit in a card", card.ToJsonString(), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> TeamsMessageActions(JsonObject card) => Bot.MsTeams.Fake.TeamsMessage.Actions(card);
}

/// <summary>The book's P1–P3 and a small postmortem, for the card tests.</summary>
internal static class StandInPriorities
{
    public static readonly PriorityDefinition[] BookDefaults =
    [
        new(1, "Critical business impact", true, true, true, true, TimeSpan.FromHours(2), [1, 2, 3]),
        new(2, "Major business impact", false, false, true, true, TimeSpan.FromHours(4), [1, 2]),
        new(3, "Minor business impact", false, false, false, true, TimeSpan.FromHours(8), [1]),
    ];

    public static Postmortem Postmortem() => new(
        7, 42, "payments", PostmortemState.Draft, "book", "Postmortem of incident #42",
        [new PostmortemSection("summary", "Summary", 2, ""), new PostmortemSection("detection", "Detection", 3, "Detected by the burn alert.")],
        DateTimeOffset.UnixEpoch, new Actor("ana", "Ana Kovač", ActionSource.MsTeams), DateTimeOffset.UnixEpoch, 3);
}
