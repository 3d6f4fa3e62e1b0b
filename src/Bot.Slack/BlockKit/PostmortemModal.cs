using System.Globalization;
using Bot.Core.Postmortems;

namespace Bot.Slack.BlockKit;

/// <summary>
/// A postmortem as a Slack modal to edit it section by section: one optional multi-line text field per section
/// (<c>block_id</c> the section's key, the heading as label, the body as initial value), the postmortem's id and version
/// in <c>private_metadata</c> so a submission names what it edits and which version it was opened on. A body longer
/// than Slack's 3000 characters per field is shown as a note instead, and left unchanged by a submission.
/// </summary>
internal static class PostmortemModal
{
    public const string CallbackId = "postmortem.edit";

    /// <summary>The <c>action_id</c> of every section's text field (the <c>block_id</c> says which section).</summary>
    public const string BodyActionId = "body";

    public static ModalView Render(Postmortem postmortem)
    {
        var blocks = new List<Block>
        {
            new ContextBlock([new Mrkdwn(SlackText.Truncate(
                $"*{SlackText.Escape(postmortem.Title)}* · {postmortem.State.ToString().ToLowerInvariant()} · version {postmortem.Version.ToString(CultureInfo.InvariantCulture)}. Each section is Markdown; saving changes only the sections you edited.",
                ContextBlock.MaxTextLength))]),
        };
        foreach (var section in postmortem.Sections.Take(Block.MaxPerView - blocks.Count))
        {
            var label = new PlainText(SlackText.Truncate(section.Level > 2 ? $"↳ {section.Heading}" : section.Heading, InputBlock.MaxLabelLength));
            blocks.Add(section.Body.Length <= PlainTextInputElement.MaxLengthLimit
                ? new InputBlock(
                    label,
                    new PlainTextInputElement(BodyActionId, Multiline: true, InitialValue: section.Body.Length == 0 ? null : section.Body, MaxLength: PlainTextInputElement.MaxLengthLimit),
                    section.Key,
                    Optional: true)
                : new SectionBlock(new Mrkdwn(SlackText.Truncate(
                    $"*{SlackText.Escape(section.Heading)}* is longer than Slack's {PlainTextInputElement.MaxLengthLimit.ToString(CultureInfo.InvariantCulture)} characters per field ({section.Body.Length.ToString(CultureInfo.InvariantCulture)}); edit it through the postmortem API or in Teams.",
                    SectionBlock.MaxTextLength))));
        }
        return new ModalView(
            new PlainText(SlackText.Truncate($"Edit {postmortem.Reference}", ModalView.MaxTitleLength)),
            blocks,
            CallbackId,
            Metadata(postmortem.Id, postmortem.Version),
            Submit: new PlainText("Save"),
            Close: new PlainText("Cancel"));
    }

    /// <summary><c>{postmortem id}:{version}</c>.</summary>
    public static string Metadata(long postmortemId, int version) => string.Create(CultureInfo.InvariantCulture, $"{postmortemId}:{version}");

    /// <summary>The postmortem and version a modal's <c>private_metadata</c> names, or null when it is not this modal's.</summary>
    public static (long PostmortemId, int Version)? ParseMetadata(string? metadata)
    {
        var colon = metadata?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && long.TryParse(metadata.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            && int.TryParse(metadata.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (id, version)
            : null;
    }
}
