using Bot.Slack.BlockKit;

namespace Bot.Slack.Api;

/// <summary>Body of <c>chat.postMessage</c>; <see cref="Text"/> is the notification fallback when blocks are set.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/methods/chat.postMessage">chat.postMessage</see>.</remarks>
internal sealed record ChatPostMessage(string Channel, string Text, IReadOnlyList<Block>? Blocks = null, string? ThreadTs = null);

/// <summary>Body of <c>chat.update</c>: replaces the text and blocks of the bot's message <see cref="Ts"/> in <see cref="Channel"/> (an id).</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/methods/chat.update">chat.update</see>.</remarks>
internal sealed record ChatUpdate(string Channel, string Ts, string Text, IReadOnlyList<Block>? Blocks = null);

/// <summary>Body of <c>chat.postEphemeral</c>: a message only <see cref="User"/> sees, in a channel they are a member of.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/methods/chat.postEphemeral">chat.postEphemeral</see>.</remarks>
internal sealed record ChatPostEphemeral(string Channel, string User, string Text, IReadOnlyList<Block>? Blocks = null, string? ThreadTs = null);

/// <summary>Where a posted or updated message lives: its channel id and <c>ts</c> (the message id, and the thread id of replies to it).</summary>
internal sealed record PostedMessage(string Channel, string Ts);

/// <summary>The parts of a Slack user the bot uses, from <c>users.info</c> and <c>users.lookupByEmail</c>.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/objects/user-object">user object</see>.</remarks>
internal sealed record SlackUser(string Id, string? Name, string? RealName, string? DisplayName, string? Email, string? TimeZone, bool IsBot, bool Deleted);

/// <summary>Body of <c>views.open</c>: the modal, opened for whoever acted, within 3 s of the interaction that gave <see cref="TriggerId"/> (which works once).</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/methods/views.open">views.open</see>.</remarks>
internal sealed record ViewsOpen(string TriggerId, ModalView View);
