using System.Text.Json.Serialization;

namespace Bot.Slack.BlockKit;

/// <summary>Text in a block: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
/// <remarks>
/// See <see href="https://docs.slack.dev/reference/block-kit/composition-objects/text-object">text object</see>.
/// <see cref="Type"/> is a property rather than a polymorphic discriminator because headers and buttons declare
/// <see cref="PlainText"/> itself, where System.Text.Json would write no discriminator.
/// </remarks>
internal abstract record TextObject(string Text)
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    public virtual bool? Emoji => null;
}

/// <summary>Text shown as typed; <see cref="Emoji"/> turns <c>:shortcodes:</c> into emoji.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/composition-objects/text-object">text object</see>.</remarks>
internal sealed record PlainText(string Text, bool? Emoji = null) : TextObject(Text)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "plain_text";

    public override bool? Emoji { get; } = Emoji;
}

/// <summary>Slack's markdown (<c>*bold*</c>, <c>&lt;url|label&gt;</c>, <c>&lt;!date^…&gt;</c>); user text must be escaped with <see cref="SlackText.Escape(string)"/>.</summary>
/// <remarks>See <see href="https://docs.slack.dev/messaging/formatting-message-text">formatting message text</see>.</remarks>
internal sealed record Mrkdwn(string Text) : TextObject(Text)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "mrkdwn";
}
