using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Activities;

/// <summary>
/// The command in a message: its text without the bot's @mentions, as botbuilder's <c>RemoveMentionText</c> does
/// (protocols.md B5): each mention entity of the bot (<c>mentioned.id == recipient.id</c>) has its <c>text</c> removed,
/// case-insensitively, or <c>&lt;at&gt;name&lt;/at&gt;</c> when it has none; non-breaking spaces become spaces.
/// </summary>
internal static class MentionText
{
    public static string CommandOf(Activity activity)
    {
        var text = (activity.Text ?? "").Replace("&nbsp;", " ", StringComparison.Ordinal).Replace('\u00A0', ' ');
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type != "mention" || mention.Mentioned?.Id is not { } id || id != activity.Recipient?.Id)
            {
                continue;
            }
            var mentionText = mention.Text ?? $"<at>{mention.Mentioned.Name}</at>";
            text = text.Replace(mentionText, " ", StringComparison.OrdinalIgnoreCase);
        }
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
