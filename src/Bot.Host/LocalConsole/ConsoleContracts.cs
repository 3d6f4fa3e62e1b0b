using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Storage;

namespace Bot.Host.LocalConsole;

/// <summary>Body of <c>POST /api/console/commands</c>: a command typed by a catalog member in a console channel.</summary>
/// <param name="Channel">The console channel's name, e.g. <c>payments-slo-breaches</c>; its team is the default for <c>ack</c> and <c>status</c>.</param>
/// <param name="User">The catalog member id (the console's user id); an id the catalog lacks acts as a non-member.</param>
/// <param name="Text">The command, in the grammar of every platform: <c>ack #42</c>, <c>help</c>, …</param>
public sealed record ConsoleCommandRequest(string? Channel, string? User, string? Text);

/// <summary>
/// Body of <c>POST /api/console/actions</c>: a button pressed on an incident card or a notice, named by the message's
/// id in the channel, or by the incident id (incident buttons) or the notice id (notice buttons).
/// </summary>
/// <param name="Action">
/// A message action id: <c>incident.acknowledge</c>, <c>incident.resolve</c>, <c>incident.postmortem</c>, or a notice's
/// button (<c>handoff.accept</c>, <c>cover.accept</c>).
/// </param>
public sealed record ConsoleActionRequest(string? Channel, string? User, long? MessageId, long? IncidentId, string? Action, long? NoticeId = null);

/// <summary>The bot's answer to the person who asked (in Slack, the ephemeral reply); <see cref="Ok"/> is false for refusals and usage errors.</summary>
/// <param name="Body">After a notice's button: the notice's body as it now stands (as the channel shows it once delivered); absent otherwise.</param>
/// <param name="Status">
/// After <c>status</c>: the SLO status report as JSON, the same object <c>GET /api/slo/status</c> answers (figures as
/// numbers, words as strings; docs/console.md); <see cref="Text"/> is the same report in plain text. Absent otherwise.
/// </param>
public sealed record ConsoleReply(
    bool Ok,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Body = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Status = null);

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
