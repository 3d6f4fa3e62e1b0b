using System.Text.Json.Nodes;
using Bot.Core.Commands;

namespace Bot.MsTeams.Cards;

/// <summary>A command's reply (help, status, an outcome) as an Adaptive Card.</summary>
internal static class ReplyCard
{
    public static JsonObject Render(CommandReply reply) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = reply.Text, ["wrap"] = true }),
    };
}
