using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.MsTeams.Cards;
using Bot.Slack.Tests.Support;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>What every card the bot sends must be, whatever it shows: Teams' schema, elements Teams renders, buttons that arrive.</summary>
public sealed class CardStructureTests
{
    /// <summary>The schema 1.5 elements and actions the cards may use; anything else is a deliberate decision to add here.</summary>
    private static readonly HashSet<string> KnownTypes =
        ["AdaptiveCard", "TextBlock", "Container", "ColumnSet", "Column", "FactSet", "ActionSet", "Action.OpenUrl", "Action.Execute", "Action.Submit",
         "Input.ChoiceSet", "Input.Text"];

    public static TheoryData<string> Cards() =>
        ["incident-open", "incident-acknowledged", "incident-resolved", "incident-unrouted", "notice-handoff", "notice-taken", "reply-help", "reply-status", "reply-error",
         "status-team", "status-org-unit", "status-many"];

    private static async Task<JsonObject> RenderAsync(string name) => name switch
    {
        "incident-open" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Open())),
        "incident-acknowledged" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Acknowledged())),
        "incident-resolved" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Resolved())),
        "incident-unrouted" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Unrouted())),
        "notice-handoff" => NoticeCard.Render(NoticeFixtures.Handoff()),
        "notice-taken" => NoticeCard.Render(NoticeFixtures.Taken()),
        "reply-help" => ReplyCard.Render(await CommandReplies.AnswerAsync("help")),
        "reply-status" => ReplyCard.Render(await CommandReplies.AnswerAsync("status payments", CardFixtures.Open())),
        "status-team" => StatusCardTests.Render(StatusReports.Team()),
        "status-org-unit" => StatusCardTests.Render(StatusReports.OrgUnit()),
        "status-many" => StatusCardTests.Render(StatusReports.Many(60)),
        _ => ReplyCard.Render(await CommandReplies.AnswerAsync("ack 42x")),
    };

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_IsAnAdaptiveCardOfVersion15(string name)
    {
        var card = await RenderAsync(name);

        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.5", (string?)card["version"]);
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)card["$schema"]);
        Assert.NotEmpty(card["body"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_UsesOnlyKnownElements_AndWrapsEveryTextBlock(string name)
    {
        var nodes = Typed(await RenderAsync(name)).ToList();

        Assert.All(nodes, n => Assert.Contains((string)n["type"]!, KnownTypes));
        Assert.All(nodes.Where(n => (string?)n["type"] == "TextBlock"), t => Assert.True((bool?)t["wrap"]));
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_EveryExecute_HasVerbSubjectIdAndSubmitFallback(string name)
    {
        var executes = Typed(await RenderAsync(name)).Where(n => (string?)n["type"] == "Action.Execute").ToList();
        // An incident card's buttons name the incident; a notice card's, the notice.
        var notice = name.StartsWith("notice-", StringComparison.Ordinal);
        var idKey = notice ? CardActions.NoticeIdKey : CardActions.IncidentIdKey;

        Assert.All(executes, execute =>
        {
            Assert.Matches(notice ? @"^(handoff|cover)\." : @"^incident\.", (string?)execute["verb"]);
            Assert.True(execute["data"]![idKey] is JsonValue id && id.TryGetValue<long>(out _));
            Assert.Equal("Action.Submit", (string?)execute["fallback"]!["type"]);
            Assert.Equal((string?)execute["verb"], (string?)execute["fallback"]!["data"]![CardActions.ActionKey]);
            Assert.Equal((long?)execute["data"]![idKey], (long?)execute["fallback"]!["data"]![idKey]);
        });
        Assert.Equal(name.StartsWith("incident-", StringComparison.Ordinal) || name == "notice-handoff", executes.Count > 0);
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Card_EveryMentionInItsTexts_HasItsEntity_AndEveryEntityItsMention(string name)
    {
        var card = await RenderAsync(name);
        var texts = Typed(card).Where(n => (string?)n["type"] == "TextBlock").Select(n => (string)n["text"]!).ToList();
        var entities = card["msteams"]?["entities"]?.AsArray().Select(e => (string)e!["text"]!).ToList() ?? [];

        var tags = texts.SelectMany(t => Regex.Matches(t, "<at>[^<]*</at>").Select(m => m.Value)).Distinct().ToList();
        Assert.Equal(tags.Order(StringComparer.Ordinal), entities.Order(StringComparer.Ordinal));
        Assert.Equal(name.StartsWith("notice-", StringComparison.Ordinal), entities.Count > 0);
    }

    /// <summary>Every object with a <c>type</c>, the card included, depth first; <c>msteams</c> (Teams' own settings, mention entities) is no element.</summary>
    private static IEnumerable<JsonObject> Typed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue)
                {
                    yield return obj;
                }
                foreach (var (_, child) in obj.Where(p => p.Key != "msteams"))
                {
                    foreach (var typed in Typed(child))
                    {
                        yield return typed;
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var typed in Typed(item))
                    {
                        yield return typed;
                    }
                }
                break;
        }
    }
}
