using System.Text.Json.Nodes;
using Bot.MsTeams.Cards;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>What every card the bot sends must be, whatever it shows: Teams' schema, elements Teams renders, buttons that arrive.</summary>
public sealed class CardStructureTests
{
    /// <summary>The schema 1.5 elements and actions the cards may use; anything else is a deliberate decision to add here.</summary>
    private static readonly HashSet<string> KnownTypes =
        ["AdaptiveCard", "TextBlock", "Container", "ColumnSet", "Column", "FactSet", "ActionSet", "Action.OpenUrl", "Action.Execute", "Action.Submit"];

    public static TheoryData<string> Cards() => ["incident-open", "incident-acknowledged", "incident-resolved", "incident-unrouted", "reply-help", "reply-status", "reply-error"];

    private static async Task<JsonObject> RenderAsync(string name) => name switch
    {
        "incident-open" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Open())),
        "incident-acknowledged" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Acknowledged())),
        "incident-resolved" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Resolved())),
        "incident-unrouted" => IncidentCard.Render(CardFixtures.Message(CardFixtures.Unrouted())),
        "reply-help" => ReplyCard.Render(await CommandReplies.AnswerAsync("help")),
        "reply-status" => ReplyCard.Render(await CommandReplies.AnswerAsync("status payments", CardFixtures.Open())),
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
    public async Task Card_EveryExecute_HasVerbIncidentIdAndSubmitFallback(string name)
    {
        var executes = Typed(await RenderAsync(name)).Where(n => (string?)n["type"] == "Action.Execute").ToList();

        Assert.All(executes, execute =>
        {
            Assert.StartsWith("incident.", (string?)execute["verb"], StringComparison.Ordinal);
            Assert.True(execute["data"]![CardActions.IncidentIdKey] is JsonValue id && id.TryGetValue<long>(out _));
            Assert.Equal("Action.Submit", (string?)execute["fallback"]!["type"]);
            Assert.Equal((string?)execute["verb"], (string?)execute["fallback"]!["data"]![CardActions.ActionKey]);
            Assert.Equal((long?)execute["data"]![CardActions.IncidentIdKey], (long?)execute["fallback"]!["data"]![CardActions.IncidentIdKey]);
        });
        Assert.Equal(name.StartsWith("incident-", StringComparison.Ordinal), executes.Count > 0);
    }

    /// <summary>Every object with a <c>type</c>, the card included, depth first.</summary>
    private static IEnumerable<JsonObject> Typed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue)
                {
                    yield return obj;
                }
                foreach (var (_, child) in obj)
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
