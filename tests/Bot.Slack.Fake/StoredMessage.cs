using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>One message, changed in place by <c>chat.update</c>. Guarded by the fake's lock.</summary>
internal sealed class StoredMessage(string channel, string ts, string? text, JsonArray? blocks, string? user, string? botId, string? threadTs)
{
    public string Channel { get; } = channel;

    public string Ts { get; } = ts;

    public string? Text { get; private set; } = text;

    public JsonArray? Blocks { get; private set; } = blocks;

    public string? User { get; } = user;

    public string? BotId { get; } = botId;

    public string? ThreadTs { get; } = threadTs;

    public int EditCount { get; private set; }

    public bool Deleted { get; set; }

    public List<StoredMessage> Replies { get; } = [];

    public void Edit(string? text, JsonArray? blocks)
    {
        Text = text;
        Blocks = blocks;
        EditCount++;
    }

    public SlackMessage Snapshot() => new(
        Channel, Ts, Text, Blocks?.DeepClone() as JsonArray, User, BotId, ThreadTs, EditCount,
        [.. Replies.Where(r => !r.Deleted).Select(r => r.Snapshot())]);

    /// <summary>The <c>message</c> object of a <c>chat.postMessage</c> or <c>chat.update</c> answer.</summary>
    public JsonObject ToJson(string botUserId)
    {
        var json = new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "bot_message",
            ["text"] = Text ?? "",
            ["user"] = botUserId,
            ["bot_id"] = BotId,
            ["ts"] = Ts,
        };
        if (Blocks is not null)
        {
            json["blocks"] = Blocks.DeepClone();
        }
        if (ThreadTs is not null)
        {
            json["thread_ts"] = ThreadTs;
        }
        return json;
    }
}
