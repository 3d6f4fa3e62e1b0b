using System.Text.Json.Nodes;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Cards;

/// <summary>A rendered card as a message attachment (protocols.md B4).</summary>
internal static class AdaptiveCardAttachment
{
    public static Attachment For(JsonObject card) => new(Attachment.AdaptiveCardContentType, card);
}
