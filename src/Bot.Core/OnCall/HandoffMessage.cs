using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.Core.OnCall;

/// <summary>How a handoff prompt reads, on every platform.</summary>
internal static class HandoffMessage
{
    public static NoticeMessage For(
        Rotation rotation, Team team, HandoffData handoff, IReadOnlyList<IncidentRecord> during, IReadOnlyList<IncidentRecord> carried, string? footer)
    {
        string Name(string memberId) => team.FindMember(memberId)?.DisplayName ?? memberId;
        var zone = ZonedClock.Zone(rotation.TimeZone);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

        var incomingBackups = handoff.IncomingBackups.Count == 0
            ? ""
            : $" with {string.Join(" and ", handoff.IncomingBackups.Select(ChatText.Mention))} as backup";
        var summary = handoff.OutgoingMain == handoff.IncomingMain
            ? $"{ChatText.Mention(handoff.IncomingMain)} stays main on-call for {rotation.Name}{incomingBackups}. {ChatText.Mention(handoff.IncomingMain)}, please accept the handoff."
            : $"{ChatText.Mention(handoff.OutgoingMain)} hands {rotation.Name} over to {ChatText.Mention(handoff.IncomingMain)}{incomingBackups}. {ChatText.Mention(handoff.IncomingMain)}, please accept the handoff.";

        var fields = new List<MessageField>
        {
            new("Rotation", $"{rotation.Name} ({team.Name})"),
            new("Incoming main", Name(handoff.IncomingMain)),
        };
        if (handoff.IncomingBackups.Count > 0)
        {
            fields.Add(new("Incoming backup", string.Join(", then ", handoff.IncomingBackups.Select(Name))));
        }
        fields.Add(new("Outgoing main", Name(handoff.OutgoingMain)));
        if (handoff.OutgoingBackups.Count > 0)
        {
            fields.Add(new("Outgoing backup", string.Join(", then ", handoff.OutgoingBackups.Select(Name))));
        }
        fields.Add(new("Handoff", MessageField.Utc(handoff.At), handoff.At));
        fields.Add(new("Next handoff", MessageField.Utc(handoff.Until), handoff.Until));

        string Line(IncidentRecord incident)
        {
            var line = $"#{incident.Id} {incident.Title} — opened {Local(incident.OpenedAt)}";
            if (incident.Acknowledged is { } ack)
            {
                line += $", acknowledged {Local(ack.At)}{(ack.By is { } by ? $" by {by.Name}" : "")}";
            }
            if (incident.Resolved is { } resolved)
            {
                line += $", resolved {Local(resolved.At)}";
            }
            else
            {
                line += incident.State == IncidentState.Acknowledged ? " — still unresolved" : " — not acknowledged";
            }
            return line;
        }

        var sections = new List<NoticeSection>
        {
            new($"Incidents during the shift ({during.Count})", during.Count == 0 ? ["None: a quiet shift."] : [.. during.Select(Line)]),
            new($"Carried over, still open ({carried.Count})", carried.Count == 0 ? ["Nothing carries over."] : [.. carried.Select(Line)]),
            new("Before you go", [
                $"{ChatText.Mention(handoff.OutgoingMain)}: walk {ChatText.Mention(handoff.IncomingMain)} through runbook, alert and dashboard changes made during the shift.",
                $"Times are {rotation.TimeZone}.",
            ]),
        };

        return new NoticeMessage(0, 1, NoticeTone.Attention, $"On-call handoff · {rotation.Name}", summary, fields, sections, [MessageAction.AcceptHandoff], footer);
    }
}
