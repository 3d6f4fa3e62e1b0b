using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>A message as it stands now in a channel: its latest text and blocks, how often it was edited, and its thread.</summary>
/// <param name="Blocks">The current blocks (a copy), or null when the message has only text.</param>
/// <param name="EditCount">How many times <c>chat.update</c> (or a <c>response_url</c> with <c>replace_original</c>) changed it.</param>
/// <param name="ThreadTs">The parent's ts for a thread reply; null for a top-level message.</param>
/// <param name="Replies">The thread, oldest first (empty for replies themselves).</param>
public sealed record SlackMessage(
    string Channel,
    string Ts,
    string? Text,
    JsonArray? Blocks,
    string? User,
    string? BotId,
    string? ThreadTs,
    int EditCount,
    IReadOnlyList<SlackMessage> Replies)
{
    /// <summary>Every piece of text the message shows: its text, and the text of every block and element, joined by new lines.</summary>
    public string AllText => string.Join('\n', new[] { Text }.Concat(BlockTexts(Blocks)).Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>The block's type of each block, in order.</summary>
    public IReadOnlyList<string> BlockTypes => Blocks?.Select(b => b?["type"]?.GetValue<string>() ?? "").ToList() ?? [];

    /// <summary>The <c>action_id</c> of every interactive element, in order.</summary>
    public IReadOnlyList<string> ActionIds => Blocks?
        .SelectMany(b => b?["elements"] is JsonArray elements ? elements : [])
        .Select(e => e?["action_id"]?.GetValue<string>())
        .OfType<string>()
        .ToList() ?? [];

    private static IEnumerable<string?> BlockTexts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.ToString()] : BlockTexts(p.Value)),
        JsonArray a => a.SelectMany(BlockTexts),
        _ => [],
    };
}

/// <summary>An ephemeral message: shown to one user in one channel, never stored in the channel's history.</summary>
/// <param name="Via"><c>chat.postEphemeral</c>, <c>response_url</c>, or <c>command_response</c> (the slash command's HTTP answer isn't seen by the fake).</param>
public sealed record SlackEphemeral(string Channel, string User, string Ts, string? Text, JsonArray? Blocks, string? ThreadTs, string Via);

/// <summary>One Web API call the fake received, whatever it answered.</summary>
/// <param name="Method">The Web API method, e.g. <c>chat.postMessage</c>.</param>
/// <param name="Arguments">Query, form and JSON arguments merged (form <c>blocks</c> parsed as JSON).</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="Error">The <c>error</c> answered, when <c>ok</c> was false.</param>
/// <param name="At">When it arrived (the same instant as its <see cref="SlackRateLimit.At"/> when it was refused with 429).</param>
public sealed record SlackApiCall(
    string Method,
    string HttpMethod,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    JsonObject Arguments,
    int Status,
    string? Error,
    DateTimeOffset At)
{
    public string? Argument(string name) => Arguments[name] is JsonValue value ? value.ToString() : Arguments[name]?.ToJsonString();
}

/// <summary>A 429 the fake answered: to which method and channel, when, and for how long it asked the caller to wait.</summary>
/// <param name="Injected">True when a test asked for it through <see cref="FakeSlack.FailNext"/>, false when the rate limiter issued it.</param>
public sealed record SlackRateLimit(string Method, string? Channel, int RetryAfterSeconds, DateTimeOffset At, bool Injected);

/// <summary>A JSON body posted to a <c>response_url</c>, and what the fake answered.</summary>
public sealed record SlackResponseUrlPost(Uri ResponseUrl, JsonObject Body, int Status, DateTimeOffset At);
