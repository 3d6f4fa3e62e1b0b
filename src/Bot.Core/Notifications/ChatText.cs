using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;

namespace Bot.Core.Notifications;

/// <summary>
/// Text that may mention people. The bot writes a mention as a token (<see cref="Mention"/>) wherever text is
/// stored (a thread reply in the outbox, a notice's body); when it goes out, the dispatcher resolves the tokens
/// against the catalog and each adapter renders <see cref="Parts"/> its own way (Slack <c>&lt;@U…&gt;</c>, a Teams
/// <c>&lt;at&gt;</c> entity, the console's <c>@id</c>). A member the catalog no longer knows reads as <c>@id</c>.
/// </summary>
public sealed partial record ChatText(string Text, IReadOnlyDictionary<string, Member> People)
{
    /// <summary>The token that mentions a catalog member in stored text.</summary>
    public static string Mention(string memberId) => $"<@member:{memberId}>";

    /// <summary>Plain text, no one to resolve (a token in it still renders, as <c>@id</c>).</summary>
    public static ChatText Plain(string text) => new(text, new Dictionary<string, Member>(StringComparer.Ordinal));

    /// <summary>Resolves the mention tokens of <paramref name="text"/> against <paramref name="catalog"/>'s teams.</summary>
    public static ChatText Of(string text, ServiceCatalog catalog) => new(text, PeopleIn(text, catalog));

    /// <summary>The members mentioned in <paramref name="text"/> and <paramref name="more"/> that the catalog knows, by id.</summary>
    public static IReadOnlyDictionary<string, Member> PeopleIn(string? text, ServiceCatalog catalog, params string?[] more)
    {
        var people = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var one in more.Prepend(text))
        {
            if (string.IsNullOrEmpty(one))
            {
                continue;
            }
            foreach (Match match in MentionToken().Matches(one))
            {
                var id = match.Groups["id"].Value;
                if (!people.ContainsKey(id) && catalog.FindMember(id) is { } member)
                {
                    people[id] = member;
                }
            }
        }
        return people;
    }

    /// <summary>The text cut into plain runs and mentions, in order.</summary>
    public IReadOnlyList<ChatTextPart> Parts => Split(Text, People);

    /// <summary>Cuts any text of a message (a notice's summary, a section line) the same way, with these people.</summary>
    public static IReadOnlyList<ChatTextPart> Split(string text, IReadOnlyDictionary<string, Member> people)
    {
        var parts = new List<ChatTextPart>();
        var at = 0;
        foreach (Match match in MentionToken().Matches(text))
        {
            if (match.Index > at)
            {
                parts.Add(new ChatTextPart.Plain(text[at..match.Index]));
            }
            var id = match.Groups["id"].Value;
            parts.Add(new ChatTextPart.Mention(id, people.GetValueOrDefault(id)));
            at = match.Index + match.Length;
        }
        if (at < text.Length)
        {
            parts.Add(new ChatTextPart.Plain(text[at..]));
        }
        return parts;
    }

    /// <summary>The text with every mention as <c>@Display Name</c> (for logs, previews and platforms without mentions).</summary>
    public string ToPlainString()
    {
        var plain = new StringBuilder();
        foreach (var part in Parts)
        {
            plain.Append(part switch
            {
                ChatTextPart.Plain p => p.Text,
                ChatTextPart.Mention m => $"@{m.Member?.DisplayName ?? m.MemberId}",
                _ => string.Empty,
            });
        }
        return plain.ToString();
    }

    [GeneratedRegex(@"<@member:(?<id>[A-Za-z0-9._-]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionToken();
}

/// <summary>A run of <see cref="ChatText"/>.</summary>
public abstract record ChatTextPart
{
    public sealed record Plain(string Text) : ChatTextPart;

    /// <summary>A mention of a catalog member; <see cref="Member"/> is null when the catalog no longer knows them.</summary>
    public sealed record Mention(string MemberId, Member? Member) : ChatTextPart;
}
