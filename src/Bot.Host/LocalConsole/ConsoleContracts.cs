using System.Globalization;
using System.Text.Json;
using Bot.Core.Storage;

namespace Bot.Host.LocalConsole;

/// <summary>Body of <c>POST /api/console/commands</c>: a command typed by a catalog member in a console channel.</summary>
/// <param name="Channel">The console channel's name, e.g. <c>payments-slo-breaches</c>; its team is the default for <c>ack</c> and <c>status</c>.</param>
/// <param name="User">The catalog member id (the console's user id); an id the catalog lacks acts as a non-member.</param>
/// <param name="Text">The command, in the grammar of every platform: <c>ack #42</c>, <c>help</c>, …</param>
public sealed record ConsoleCommandRequest(string? Channel, string? User, string? Text);

/// <summary>Body of <c>POST /api/console/actions</c>: a button pressed on an incident card, named by the card's message id or the incident id.</summary>
/// <param name="Action">A message action id: <c>incident.acknowledge</c>, <c>incident.resolve</c> or <c>incident.postmortem</c>.</param>
public sealed record ConsoleActionRequest(string? Channel, string? User, long? MessageId, long? IncidentId, string? Action);

/// <summary>The bot's answer to the person who asked (in Slack, the ephemeral reply); <see cref="Ok"/> is false for refusals and usage errors.</summary>
public sealed record ConsoleReply(bool Ok, string Text);

/// <summary>A message of a console channel; <see cref="Body"/> is the rendered message as a JSON object (docs/console.md).</summary>
/// <param name="ThreadId">For a thread reply, the id of the message it answers.</param>
public sealed record ConsoleMessageResponse(long Id, long? ThreadId, DateTimeOffset PostedAt, DateTimeOffset? EditedAt, JsonElement Body)
{
    public static ConsoleMessageResponse From(ConsoleMessage message) => new(
        message.Id,
        long.TryParse(message.ThreadId, NumberStyles.None, CultureInfo.InvariantCulture, out var thread) ? thread : null,
        message.PostedAt,
        message.EditedAt,
        ConsoleMessageBody.ToElement(message.Body));
}
