using System.Text.Json;
using Bot.Slack.Signing;

namespace Bot.Slack.Interactions;

/// <summary>
/// An interaction payload (the form field <c>payload</c>, JSON): a <c>block_actions</c> (a button clicked or a menu
/// option chosen; <c>actions</c> holds the element, <see cref="Channel"/> and <see cref="Container"/> say where) or a
/// <c>view_submission</c> (a modal's submit; <see cref="View"/> holds what was typed).
/// </summary>
/// <remarks>
/// See <see href="https://docs.slack.dev/reference/interaction-payloads/block_actions-payload">block_actions payload</see>
/// and <see href="https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission">view_submission payload</see>.
/// </remarks>
internal sealed record BlockActionsPayload(
    string Type,
    SlackUserRef? User,
    SlackChannelRef? Channel,
    InteractionContainer? Container,
    InteractionMessage? Message,
    string? ResponseUrl,
    string? TriggerId,
    IReadOnlyList<BlockAction>? Actions,
    InteractionView? View = null)
{
    public const string BlockActions = "block_actions";
    public const string ViewSubmission = "view_submission";

    /// <summary>The channel the clicked message is in.</summary>
    public string? ChannelId => Channel?.Id ?? Container?.ChannelId;

    /// <summary>The payload in the body, or null when it is missing or not JSON.</summary>
    public static BlockActionsPayload? From(SlackRequestBody body)
    {
        if (body.Field("payload") is not { } json)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<BlockActionsPayload>(json, SlackJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The person who clicked.</summary>
internal sealed record SlackUserRef(string Id, string? Username, string? Name, string? TeamId);

/// <summary>A channel named in a payload.</summary>
internal sealed record SlackChannelRef(string Id, string? Name);

/// <summary>Where the clicked element lives: a message (<c>message_ts</c> in <c>channel_id</c>) or a view.</summary>
internal sealed record InteractionContainer(string? Type, string? MessageTs, string? ChannelId, bool? IsEphemeral);

/// <summary>The message the clicked button is on.</summary>
internal sealed record InteractionMessage(string? Ts, string? ThreadTs, string? Text);

/// <summary>
/// One element acted on: route on <see cref="ActionId"/>, read the data in <see cref="Value"/> (a button) or
/// <see cref="SelectedOption"/> (a menu).
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/interaction-payloads/block_actions-payload">block_actions payload</see>.</remarks>
internal sealed record BlockAction(string Type, string ActionId, string? BlockId, string? Value, string? ActionTs, ChosenOption? SelectedOption = null);

/// <summary>The option chosen in a menu: its <see cref="Value"/> is what the renderer put there.</summary>
internal sealed record ChosenOption(string? Value);

/// <summary>
/// A submitted modal: which one (<see cref="CallbackId"/>, <see cref="PrivateMetadata"/> as the bot opened it), its
/// blocks as opened, and what was typed, in <c>state.values[block_id][action_id]</c>.
/// </summary>
internal sealed record InteractionView(
    string? Id,
    string? CallbackId,
    string? PrivateMetadata,
    ViewState? State,
    string? Hash);

/// <summary>The values of a view's input blocks: block id → action id → value.</summary>
internal sealed record ViewState(IReadOnlyDictionary<string, IReadOnlyDictionary<string, ViewStateValue>>? Values)
{
    /// <summary>The text typed in the input block <paramref name="blockId"/>: "" when it was left empty, null when there is no such block.</summary>
    public string? TextOf(string blockId) =>
        Values is not null && Values.TryGetValue(blockId, out var actions) && actions.Count > 0 ? actions.Values.First().Value ?? "" : null;
}

/// <summary>One input's value (<c>plain_text_input</c>: <see cref="Value"/>, null when left empty).</summary>
internal sealed record ViewStateValue(string? Type, string? Value);
