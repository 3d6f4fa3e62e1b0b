using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Slack.BlockKit;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Interactions;

/// <summary>
/// A submitted postmortem modal (<c>view_submission</c> with <see cref="PostmortemModal.CallbackId"/>): the sections
/// whose text differs from the postmortem's are saved in one edit, as the submitting person (their catalog member).
/// The answer closes the modal (null), or keeps it open with Slack's <c>response_action: errors</c> naming the section
/// at fault: the postmortem changed since the modal was opened (nothing is saved, so no one's edit is lost), a section
/// it no longer has, or the edit's refusal.
/// </summary>
internal sealed class PostmortemSubmissions(IPostmortemEditor postmortems, CatalogHolder catalog, ILogger<PostmortemSubmissions> logger)
{
    public static bool Handles(InteractionView? view) => view?.CallbackId == PostmortemModal.CallbackId;

    public async Task<ViewSubmissionAnswer?> HandleAsync(SlackUserRef user, InteractionView view, CancellationToken cancellationToken)
    {
        var typed = (view.State?.Values ?? new Dictionary<string, IReadOnlyDictionary<string, ViewStateValue>>())
            .Keys
            .Select(key => (Key: key, Text: view.State!.TextOf(key) ?? ""))
            .ToList();
        var first = typed.Count > 0 ? typed[0].Key : null;
        if (PostmortemModal.ParseMetadata(view.PrivateMetadata) is not { } opened)
        {
            logger.LogWarning("Slack: a postmortem modal came back without its postmortem ({Metadata}); closed", view.PrivateMetadata);
            return first is null ? null : ViewSubmissionAnswer.Error(first, "This form names no postmortem; close it and open the postmortem again.");
        }
        var reference = PostmortemReference.Of(opened.PostmortemId);
        var postmortem = await postmortems.FindAsync(opened.PostmortemId, cancellationToken);
        if (postmortem is null)
        {
            return first is null ? null : ViewSubmissionAnswer.Error(first, $"{reference} no longer exists.");
        }
        var sections = postmortem.Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var errors = typed.Where(t => !sections.ContainsKey(t.Key))
            .ToDictionary(t => t.Key, t => $"{reference} has no section '{t.Key}' any more; copy your text, close this form and open the postmortem again.", StringComparer.Ordinal);
        var changed = typed.Where(t => sections.TryGetValue(t.Key, out var section) && !SameText(section.Body, t.Text))
            .ToDictionary(t => t.Key, t => t.Text, StringComparer.Ordinal);
        if (errors.Count == 0 && changed.Count > 0 && postmortem.Version != opened.Version)
        {
            errors[changed.Keys.First()] = $"{reference} was changed by someone else since this form was opened (version {opened.Version} → {postmortem.Version}); nothing was saved. Copy your text, close this form and open the postmortem again.";
        }
        if (errors.Count > 0)
        {
            return new ViewSubmissionAnswer(ViewSubmissionAnswer.ShowErrors, errors);
        }
        if (changed.Count == 0)
        {
            return null;
        }
        var by = CommandContext.For(catalog.Current, ChatPlatform.Slack, user.Id, user.Name ?? user.Username, null, ActionSource.Slack).By;
        var result = await postmortems.EditSectionsAsync(opened.PostmortemId, changed, by, cancellationToken);
        logger.LogInformation("Slack: {User} saved {Count} section(s) of {Postmortem}: {Message}", user.Id, changed.Count, reference, result.Message);
        return result.Succeeded ? null : ViewSubmissionAnswer.Error(changed.Keys.First(), result.Message);
    }

    /// <summary>Slack hands back line breaks as <c>\n</c>; a body saved with <c>\r\n</c> is the same text.</summary>
    private static bool SameText(string body, string typed) =>
        string.Equals(body.ReplaceLineEndings("\n"), typed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
}

/// <summary>
/// The answer to a <c>view_submission</c> that keeps the modal open: <c>{"response_action":"errors","errors":{block_id: message}}</c>,
/// each message shown under its input block.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/surfaces/modals#displaying_errors">displaying errors in modals</see>.</remarks>
internal sealed record ViewSubmissionAnswer(string ResponseAction, IReadOnlyDictionary<string, string> Errors)
{
    public const string ShowErrors = "errors";

    public static ViewSubmissionAnswer Error(string blockId, string message) =>
        new(ShowErrors, new Dictionary<string, string>(StringComparer.Ordinal) { [blockId] = message });
}
