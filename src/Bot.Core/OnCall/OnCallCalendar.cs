using System.Globalization;
using System.Text;

namespace Bot.Core.OnCall;

/// <summary>One shift to put in a calendar feed, with the names people read (ids stay in the event's UID).</summary>
public sealed record CalendarShift(Shift Shift, string MainName, IReadOnlyList<string> BackupNames);

/// <summary>
/// Renders shifts as an iCalendar feed (RFC 5545, https://www.rfc-editor.org/rfc/rfc5545) that calendar apps subscribe to:
/// one event per shift, times in UTC so no VTIMEZONE is needed and each app shows them in its user's zone.
/// </summary>
public static class OnCallCalendar
{
    /// <summary>RFC 5545 §3.1: lines longer than 75 octets, excluding the line break, are folded.</summary>
    private const int MaxLineOctets = 75;

    private const string UtcFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// The feed: <c>VCALENDAR</c> named <paramref name="calendarName"/>, one <c>VEVENT</c> per shift with the UID
    /// <c>{rotationId}-{number}@slo-bot</c> (stable, so a re-fetched feed updates events in place) and the summary
    /// <c>On call: Ana Kovač (backup: Kwame Mensah)</c>. CRLF line endings, text escaped, lines folded at 75 octets.
    /// </summary>
    public static string Render(string calendarName, IReadOnlyList<CalendarShift> shifts, DateTimeOffset generatedAt)
    {
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//SLO Bot//On-call schedule//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        Line(ics, "X-WR-CALNAME:" + Text(calendarName));
        // RFC 7986 and its older Apple/Google spelling: how often subscribers re-fetch, so overrides show up.
        Line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        Line(ics, "X-PUBLISHED-TTL:PT1H");
        var stamp = Utc(generatedAt);
        foreach (var entry in shifts)
        {
            var shift = entry.Shift;
            Line(ics, "BEGIN:VEVENT");
            Line(ics, "UID:" + Text(string.Create(CultureInfo.InvariantCulture, $"{shift.RotationId}-{shift.Number}@slo-bot")));
            Line(ics, "DTSTAMP:" + stamp);
            Line(ics, "DTSTART:" + Utc(shift.Start));
            Line(ics, "DTEND:" + Utc(shift.End));
            Line(ics, "SUMMARY:" + Text(Summary(entry)));
            Line(ics, "DESCRIPTION:" + Text(Description(entry)));
            Line(ics, "TRANSP:TRANSPARENT");
            Line(ics, "END:VEVENT");
        }
        Line(ics, "END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary><c>On call: Ana Kovač</c>, with <c>(backup: …)</c> or <c>(backups: …, …)</c> when the shift has them.</summary>
    public static string Summary(CalendarShift entry) => entry.BackupNames.Count switch
    {
        0 => $"On call: {entry.MainName}",
        1 => $"On call: {entry.MainName} (backup: {entry.BackupNames[0]})",
        _ => $"On call: {entry.MainName} (backups: {string.Join(", ", entry.BackupNames)})",
    };

    private static string Description(CalendarShift entry)
    {
        var lines = new List<string> { $"Main: {entry.MainName}" };
        for (var i = 0; i < entry.BackupNames.Count; i++)
        {
            lines.Add($"{(i == 0 ? "Backup" : "Second backup")}: {entry.BackupNames[i]}");
        }
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Rotation {entry.Shift.RotationId}, shift {entry.Shift.Number}"));
        return string.Join('\n', lines);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped.</summary>
    private static string Text(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\' or ';' or ',':
                    text.Append('\\').Append(c);
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append(c);
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Appends a content line, folded (CRLF and a space) before it would pass 75 UTF-8 octets, never inside a character.</summary>
    private static void Line(StringBuilder ics, string line)
    {
        Span<char> utf16 = stackalloc char[2];
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > MaxLineOctets)
            {
                ics.Append("\r\n ");
                octets = 1;
            }
            ics.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            octets += length;
        }
        ics.Append("\r\n");
    }
}
