using System.Text.Json.Serialization;

namespace Bot.Slack.BlockKit;

/// <summary>A layout block of a message; <c>type</c> is written first, as Slack's discriminator.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks">Slack's block reference</see>.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(InputBlock), "input")]
internal abstract record Block
{
    /// <summary>Slack allows 50 blocks in a message.</summary>
    public const int MaxPerMessage = 50;

    /// <summary>And 100 in a modal.</summary>
    public const int MaxPerView = 100;
}

/// <summary>Large bold text; plain text only, at most 150 characters.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/header-block">header block</see>.</remarks>
internal sealed record HeaderBlock(PlainText Text) : Block
{
    public const int MaxTextLength = 150;
}

/// <summary>Text (at most 3000 characters) and/or up to 10 fields shown two per row (at most 2000 characters each).</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/section-block">section block</see>.</remarks>
internal sealed record SectionBlock(TextObject? Text = null, IReadOnlyList<TextObject>? Fields = null) : Block
{
    public const int MaxTextLength = 3000;
    public const int MaxFields = 10;
    public const int MaxFieldLength = 2000;
}

/// <summary>Small grey text under the content; at most 10 elements, each text at most 3000 characters.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/context-block">context block</see>.</remarks>
internal sealed record ContextBlock(IReadOnlyList<TextObject> Elements) : Block
{
    public const int MaxElements = 10;
    public const int MaxTextLength = 3000;
}

/// <summary>Interactive elements (buttons, menus), at most 25; <see cref="BlockId"/> is unique within the message.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/actions-block">actions block</see>.</remarks>
internal sealed record ActionsBlock(IReadOnlyList<BlockElement> Elements, string? BlockId = null) : Block
{
    public const int MaxElements = 25;
}

/// <summary>A thin line between blocks.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/divider-block">divider block</see>.</remarks>
internal sealed record DividerBlock : Block;

/// <summary>
/// A labelled field of a modal (<see cref="BlockId"/> names it in the submission's <c>state.values</c>); the label is
/// plain text of at most 2000 characters. <see cref="Optional"/> lets the person leave it empty.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/block-kit/blocks/input-block">input block</see>.</remarks>
internal sealed record InputBlock(PlainText Label, BlockElement Element, string BlockId, bool Optional = false, PlainText? Hint = null) : Block
{
    public const int MaxLabelLength = 2000;
    public const int MaxHintLength = 2000;
}
