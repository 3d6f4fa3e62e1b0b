using System.Text.Json.Nodes;
using Bot.Core.Notifications;

namespace Bot.MsTeams.Cards;

/// <summary>The incident as an Adaptive Card (schema 1.5).</summary>
internal static class IncidentCard
{
    public static JsonObject Render(IncidentMessage message) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = message.Headline, ["wrap"] = true }),
    };
}
