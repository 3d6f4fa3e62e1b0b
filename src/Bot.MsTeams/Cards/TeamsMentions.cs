using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Notifications;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Cards;

/// <summary>
/// Text with mentions, the Teams way (protocols.md B3): each mentioned person who has a Teams id becomes
/// <c>&lt;at&gt;Name&lt;/at&gt;</c> in the text, matched by a <c>mention</c> entity naming them — on the activity for a
/// message, in the card's <c>msteams.entities</c> for an Adaptive Card. Someone without a Teams id reads as their name,
/// someone the catalog no longer knows as <c>@id</c>. The rest is escaped as any text of that place is.
/// </summary>
/// <remarks>
/// See <see href="https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#add-mentions-to-your-messages">mentions
/// in messages</see> and <see href="https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards">in
/// Adaptive Cards</see>. The whole text is escaped at once, each mention held by a placeholder, so a run after a
/// mention is not mistaken for the start of a line ("<c>@Ana - please</c>" is no list).
/// </remarks>
internal static class TeamsMentions
{
    /// <summary>A character from the private use area that holds a mention's place while the text is escaped.</summary>
    private const char Placeholder = '\uE000';

    /// <summary>
    /// <paramref name="text"/> with its mentions as <c>&lt;at&gt;</c> tags, the rest passed through <paramref name="escape"/>
    /// (which may also cut it: only the mentions still in the text are returned).
    /// </summary>
    public static MentionedText Render(ChatText text, Func<string, string> escape)
    {
        var raw = new StringBuilder(text.Text.Length);
        var held = new List<TeamsMention>();
        foreach (var part in text.Parts)
        {
            switch (part)
            {
                case ChatTextPart.Plain plain:
                    raw.Append(plain.Text.Replace(Placeholder, '\uFFFD'));
                    break;
                case ChatTextPart.Mention { Member: { MsTeamsUserId: { Length: > 0 } userId } member }:
                    raw.Append(Placeholder);
                    held.Add(new TeamsMention(userId, NameOf(member.DisplayName)));
                    break;
                case ChatTextPart.Mention { Member: { } member }:
                    raw.Append(member.DisplayName.Replace(Placeholder, '\uFFFD'));
                    break;
                case ChatTextPart.Mention unknown:
                    raw.Append('@').Append(unknown.MemberId);
                    break;
            }
        }

        var escaped = escape(raw.ToString());
        var rendered = new StringBuilder(escaped.Length + (held.Count * 16));
        var mentions = new List<TeamsMention>();
        foreach (var c in escaped)
        {
            if (c == Placeholder && mentions.Count < held.Count)
            {
                var mention = held[mentions.Count];
                rendered.Append(mention.Text);
                mentions.Add(mention);
            }
            else
            {
                rendered.Append(c);
            }
        }
        return new MentionedText(rendered.ToString(), mentions);
    }

    /// <summary>A card's <c>msteams.entities</c>: one mention entity per person, in order of first mention.</summary>
    public static JsonArray CardEntities(IEnumerable<TeamsMention> mentions) =>
        [.. mentions.DistinctBy(m => m.UserId).Select(m => (JsonNode)m.CardEntity())];

    /// <summary>A message activity's <c>entities</c>: one mention entity per person, in order of first mention.</summary>
    public static IReadOnlyList<Entity> ActivityEntities(IEnumerable<TeamsMention> mentions) =>
        [.. mentions.DistinctBy(m => m.UserId).Select(m => m.ActivityEntity())];

    /// <summary>The name between the tags: one line, and no angle brackets, which would end the tag.</summary>
    private static string NameOf(string displayName) =>
        AdaptiveText.OneLine(displayName.Replace('<', ' ').Replace('>', ' ').Replace(Placeholder, ' ')).Trim();
}

/// <summary>Rendered text and the people it mentions, in order (a person mentioned twice is listed twice).</summary>
internal sealed record MentionedText(string Text, IReadOnlyList<TeamsMention> Mentions);

/// <summary>One person mentioned: their Teams user id (<c>29:…</c> or Entra object id) and the name Teams shows.</summary>
internal sealed record TeamsMention(string UserId, string Name)
{
    /// <summary>What stands in the text; the entity carries the same text, which is how Teams pairs them.</summary>
    public string Text => $"<at>{Name}</at>";

    public JsonObject CardEntity() => new()
    {
        ["type"] = "mention",
        ["text"] = Text,
        ["mentioned"] = new JsonObject { ["id"] = UserId, ["name"] = Name },
    };

    public Entity ActivityEntity() => new("mention") { Text = Text, Mentioned = new ChannelAccount(UserId, Name) };
}
