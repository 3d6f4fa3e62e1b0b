using System.Text.Json.Serialization;

namespace Bot.Slack.BlockKit;

/// <summary>
/// A modal (<c>views.open</c>): a title of at most 24 characters, up to 100 blocks, submit and close buttons of at most
/// 24 characters each. A submission arrives as a <c>view_submission</c> interaction naming <see cref="CallbackId"/> and
/// carrying <see cref="PrivateMetadata"/> (at most 3000 characters) back unchanged.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/views/modal-views">modal views</see>.</remarks>
internal sealed record ModalView(PlainText Title, IReadOnlyList<Block> Blocks, string CallbackId, string? PrivateMetadata = null, PlainText? Submit = null, PlainText? Close = null)
{
    public const int MaxTitleLength = 24;
    public const int MaxButtonLength = 24;
    public const int MaxPrivateMetadataLength = 3000;

    [JsonPropertyOrder(-1)]
    public string Type { get; } = "modal";
}
