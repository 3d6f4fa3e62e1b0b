namespace Bot.Slack.Fake;

/// <summary>The workspace the fake pretends to be: its token, its bot user, its channels and people, and its limits.</summary>
public sealed class FakeSlackOptions
{
    /// <summary>The bot token (<c>xoxb-…</c>) the Web API accepts; any other is <c>invalid_auth</c>.</summary>
    public string BotToken { get; set; } = "xoxb-1000000001-2000000002-FakeSlackBotTokenA1b2C3d4";

    public string TeamId { get; set; } = "T05NWND001";

    public string TeamDomain { get; set; } = "northwind";

    public string AppId { get; set; } = "A05SLOBOT1";

    /// <summary>The bot's own user id, the one an <c>app_mention</c> names as <c>&lt;@…&gt;</c>.</summary>
    public string BotUserId { get; set; } = "U05SLOBOT1";

    public string BotId { get; set; } = "B05SLOBOT1";

    /// <summary>
    /// Whether the token has <c>chat:write.public</c>: with it the bot may post in a public channel it was not
    /// invited to; without it that is <c>not_in_channel</c>, as on Slack.
    /// </summary>
    public bool ChatWritePublic { get; set; } = true;

    public IList<FakeSlackChannel> Channels { get; } = [];

    public IList<FakeSlackUser> Users { get; } = [];

    /// <summary>
    /// <c>chat.postMessage</c> per channel, per second: a token bucket that refills at this rate. Slack documents
    /// "about 1 per second per channel, short bursts tolerated" (rate-limits page, "Special" tier).
    /// 0 or less turns the limiter off.
    /// </summary>
    public double MessagesPerSecondPerChannel { get; set; } = 1;

    /// <summary>The short burst tolerated on top of the rate: how many posts a quiet channel takes at once.</summary>
    public int BurstPerChannel { get; set; } = 3;

    /// <summary>The clock of <c>ts</c> values, the rate limiter and <c>response_url</c> expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>A channel of the fake workspace. <c>C…</c> public or private, <c>D…</c> a direct message.</summary>
/// <param name="BotIsMember">False for a channel the bot was not invited to.</param>
/// <param name="Members">The people in it; null means every configured user.</param>
public sealed record FakeSlackChannel(
    string Id,
    string Name,
    bool IsPrivate = false,
    bool BotIsMember = true,
    bool IsArchived = false,
    IReadOnlyList<string>? Members = null);

/// <summary>A person of the fake workspace, as <c>users.info</c> describes them.</summary>
/// <param name="IsBot">Another app's bot user: <c>conversations.open</c> with it is <c>cannot_dm_bot</c>.</param>
/// <param name="Deleted">A deactivated account: <c>conversations.open</c> with it is <c>user_disabled</c>.</param>
public sealed record FakeSlackUser(string Id, string Name, string RealName, string Email, string TimeZone = "Europe/Berlin", bool IsBot = false, bool Deleted = false);
