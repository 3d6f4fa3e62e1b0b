using System.Text.Json;
using Bot.Slack.Signing;

namespace Bot.Slack.Interactions;

/// <summary>
/// An interaction payload (the form field <c>payload</c>, JSON). The bot renders only buttons, so it reads
/// <c>block_actions</c>; <c>actions</c> holds the clicked element, <see cref="Channel"/> and <see cref="Container"/> say where.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/interaction-payloads/block_actions-payload">block_actions payload</see>.</remarks>
internal sealed record BlockActionsPayload(
    string Type,
    SlackUserRef? User,
    SlackChannelRef? Channel,
    InteractionContainer? Container,
    InteractionMessage? Message,
    string? ResponseUrl,
    string? TriggerId,
    IReadOnlyList<BlockAction>? Actions)
{
    public const string BlockActions = "block_actions";

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

/// <summary>One clicked element: route on <see cref="ActionId"/>, read the data in <see cref="Value"/>.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/interaction-payloads/block_actions-payload">block_actions payload</see>.</remarks>
internal sealed record BlockAction(string Type, string ActionId, string? BlockId, string? Value, string? ActionTs);
