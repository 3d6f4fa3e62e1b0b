using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Delivery;
using Bot.Core.Notifications;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The console's rendering of messages: a JSON document per message, told apart by <c>type</c>. The shape is a
/// contract that scripts read (docs/console.md); the golden-file tests pin it. A mention reads <c>@memberId</c> in
/// the text, and the body's <c>mentions</c> lists the ids, so a reader can tell a mention from a plain <c>@</c>.
/// </summary>
internal static class ConsoleMessageBody
{
    public const string IncidentType = "incident";
    public const string NoticeType = "notice";
    public const string ReplyType = "reply";

    // Names like "Ana Kovač" and signs like "≥" stay readable in the database; the API re-encodes for the wire anyway.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The incident card: every key is always present (<c>priority</c> may be null), lists in the core's order.</summary>
    public static string Incident(IncidentMessage message) => JsonSerializer.Serialize(
        new IncidentBody(
            IncidentType,
            message.IncidentId,
            message.Version,
            message.Headline,
            message.Title,
            message.State.ToString().ToLowerInvariant(),
            message.Severity.ToString().ToLowerInvariant(),
            message.Priority,
            [.. message.Fields.Select(f => new FieldBody(f.Name, f.Value))],
            [.. message.Links.Select(l => new LinkBody(l.Text, l.Url.OriginalString))],
            [.. message.Actions.Select(a => new ActionBody(a.Id, a.Text))]),
        Json);

    /// <summary>
    /// A notice (handoff prompt, cover request): every key is always present (<c>footer</c> may be null), lists in the
    /// core's order. Mentions in the summary, field values, section lines and footer read <c>@memberId</c>.
    /// </summary>
    public static string Notice(NoticeMessage message)
    {
        var mentions = new Mentions();
        string Render(string text) => mentions.Render(message.Text(text));
        var body = new NoticeBody(
            NoticeType,
            message.NoticeId,
            message.Version,
            message.Tone.ToString().ToLowerInvariant(),
            message.Title,
            Render(message.Summary),
            [.. message.Fields.Select(f => new FieldBody(f.Name, Render(f.Value)))],
            [.. message.Sections.Select(s => new SectionBody(s.Heading, [.. s.Lines.Select(Render)]))],
            [.. message.Actions.Select(a => new ActionBody(a.Id, a.Text))],
            message.Footer is null ? null : Render(message.Footer),
            mentions.Ids);
        return JsonSerializer.Serialize(body, Json);
    }

    /// <summary>A thread reply of the bot; <c>mentions</c> is there only when the text mentions someone.</summary>
    public static string Reply(ChatText text)
    {
        var mentions = new Mentions();
        var rendered = mentions.Render(text);
        return JsonSerializer.Serialize(new ReplyBody(ReplyType, rendered, mentions.Ids.Count == 0 ? null : mentions.Ids), Json);
    }

    /// <summary>Text as the console shows it: each mention as <c>@memberId</c>.</summary>
    public static string Text(ChatText text) => new Mentions().Render(text);

    /// <summary>What a stored body is about: an incident card's incident, a notice's notice; null for a reply or a body the bot did not write.</summary>
    public static MessageSubject? SubjectOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            return type.GetString() switch
            {
                IncidentType when root.TryGetProperty("incidentId", out var id) && id.TryGetInt64(out var incidentId) => MessageSubject.Incident(incidentId),
                NoticeType when root.TryGetProperty("noticeId", out var id) && id.TryGetInt64(out var noticeId) => MessageSubject.Notice(noticeId),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored body as a JSON value for the API; a body that is not JSON (never written by the bot) as a string.</summary>
    public static JsonElement ToElement(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(body);
        }
    }

    public static string MessageIdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Renders texts of one message, collecting whom they mention (each id once, in order of first mention).</summary>
    private sealed class Mentions
    {
        public List<string> Ids { get; } = [];

        public string Render(ChatText text)
        {
            var rendered = new StringBuilder();
            foreach (var part in text.Parts)
            {
                switch (part)
                {
                    case ChatTextPart.Plain plain:
                        rendered.Append(plain.Text);
                        break;
                    case ChatTextPart.Mention mention:
                        // The member id, not the name: it is what the console's user is, and what a test or a script compares.
                        rendered.Append('@').Append(mention.MemberId);
                        if (!Ids.Contains(mention.MemberId, StringComparer.Ordinal))
                        {
                            Ids.Add(mention.MemberId);
                        }
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown chat text part {part.GetType().Name}.");
                }
            }
            return rendered.ToString();
        }
    }

    private sealed record IncidentBody(
        string Type,
        long IncidentId,
        int Version,
        string Headline,
        string Title,
        string State,
        string Severity,
        string? Priority,
        IReadOnlyList<FieldBody> Fields,
        IReadOnlyList<LinkBody> Links,
        IReadOnlyList<ActionBody> Actions);

    private sealed record NoticeBody(
        string Type,
        long NoticeId,
        int Version,
        string Tone,
        string Title,
        string Summary,
        IReadOnlyList<FieldBody> Fields,
        IReadOnlyList<SectionBody> Sections,
        IReadOnlyList<ActionBody> Actions,
        string? Footer,
        IReadOnlyList<string> Mentions);

    private sealed record FieldBody(string Name, string Value);

    private sealed record SectionBody(string Heading, IReadOnlyList<string> Lines);

    private sealed record LinkBody(string Text, string Url);

    private sealed record ActionBody(string Id, string Text);

    private sealed record ReplyBody(
        string Type,
        string Text,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Mentions);
}
