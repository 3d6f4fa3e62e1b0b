using System.Text.Json.Serialization;

namespace Bot.Slack.BlockKit;

/// <summary>An interactive element of an actions block, or the element of an input block.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/block-elements">block elements</see>.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
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

/// <summary>
/// A menu of 1 to 100 options: choosing one arrives at once as a <c>block_actions</c> payload whose action carries
/// <c>selected_option</c>. <see cref="InitialOption"/> must be one of <see cref="Options"/> (Slack refuses the blocks otherwise).
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#static_select">static select</see>.</remarks>
internal sealed record StaticSelectElement(string ActionId, PlainText Placeholder, IReadOnlyList<SelectOption> Options, SelectOption? InitialOption = null) : BlockElement
{
    public const int MaxOptions = 100;
    public const int MaxPlaceholderLength = 150;
}

/// <summary>One option of a menu: the text shown (plain text, at most 75 characters) and the value sent (at most 150).</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/composition-objects/option-object">option object</see>.</remarks>
internal sealed record SelectOption(PlainText Text, string Value)
{
    public const int MaxTextLength = 75;
    public const int MaxValueLength = 150;
}

/// <summary>
/// A text field of an input block (in a modal): its text arrives with the <c>view_submission</c> in
/// <c>view.state.values[block_id][action_id].value</c>. Slack allows at most 3000 characters.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element">plain-text input</see>.</remarks>
internal sealed record PlainTextInputElement(string ActionId, bool Multiline = false, string? InitialValue = null, int? MaxLength = null) : BlockElement
{
    public const int MaxLengthLimit = 3000;
}
