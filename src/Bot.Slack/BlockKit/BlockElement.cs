using System.Text.Json.Serialization;

namespace Bot.Slack.BlockKit;

/// <summary>An interactive element of an actions block.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/block-elements">block elements</see>.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
internal abstract record BlockElement;

/// <summary>
/// A button: a click arrives as a <c>block_actions</c> payload carrying <see cref="ActionId"/> and <see cref="Value"/>
/// (at most 2000 characters). <see cref="Style"/> is <c>primary</c>, <c>danger</c> or absent; the text is at most 75 characters.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/block-elements/button-element">button element</see>.</remarks>
internal sealed record ButtonElement(PlainText Text, string ActionId, string? Value = null, string? Style = null) : BlockElement
{
    public const string Primary = "primary";
    public const string Danger = "danger";
    public const int MaxTextLength = 75;
}
