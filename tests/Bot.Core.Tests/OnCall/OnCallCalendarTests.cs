using System.Text;
using Bot.Core.Catalog;
using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>The iCalendar feed, read back by hand (RFC 5545 §3.1 unfolding, §3.3.11 text) since no iCalendar parser is available.</summary>
public sealed class OnCallCalendarTests
{
    private static readonly DateTimeOffset GeneratedAt = At("2025-03-20T10:15:30Z");

    private static readonly Rotation Berlin = Create("Europe/Berlin", "2025-01-06", shape: RotationShape.MainTwoBackups, participants: ["ana", "kwame", "mei"]);

    [Fact]
    public void Render_TwoShifts_WritesCalendarAndOneEventPerShift()
    {
        var shifts = OnCallSchedule.Shifts(Berlin, At("2025-03-25T00:00Z"), 2);

        var ics = OnCallCalendar.Render("Payments primary", [.. shifts.Select(s => new CalendarShift(s, Name(s.Main), [.. s.Backups.Select(Name)]))], GeneratedAt);

        var lines = Unfold(ics);
        Assert.Equal(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SLO Bot//On-call schedule//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Payments primary"], lines.Take(6));
        Assert.Equal("END:VCALENDAR", lines[^1]);
        var events = Events(lines);
        Assert.Equal(2, events.Count);

        // Shift 11 (Mar 24–31) ends at 09:00 CEST on the 31st, an hour earlier in UTC than it began.
        Assert.Equal("payments-primary-11@slo-bot", events[0]["UID"]);
        Assert.Equal("20250320T101530Z", events[0]["DTSTAMP"]);
        Assert.Equal("20250324T080000Z", events[0]["DTSTART"]);
        Assert.Equal("20250331T070000Z", events[0]["DTEND"]);
        Assert.Equal("On call: Mei Chen (backups: Ana Kovač, Kwame Mensah)", Unescape(events[0]["SUMMARY"]));
        Assert.Equal("Main: Mei Chen\nBackup: Ana Kovač\nSecond backup: Kwame Mensah\nRotation payments-primary, shift 11", Unescape(events[0]["DESCRIPTION"]));
        Assert.Equal("payments-primary-12@slo-bot", events[1]["UID"]);
        Assert.Equal("20250331T070000Z", events[1]["DTSTART"]);
        Assert.Equal("20250407T070000Z", events[1]["DTEND"]);
    }

    [Theory]
    [InlineData("", "On call: Ana Kovač")]
    [InlineData("Kwame Mensah", "On call: Ana Kovač (backup: Kwame Mensah)")]
    [InlineData("Kwame Mensah,Mei Chen", "On call: Ana Kovač (backups: Kwame Mensah, Mei Chen)")]
    public void Summary_Backups_NamesThemAfterTheMain(string backups, string expected)
    {
        var shift = OnCallSchedule.ShiftByNumber(Berlin, 0);

        Assert.Equal(expected, OnCallCalendar.Summary(new CalendarShift(shift, "Ana Kovač", backups.Length == 0 ? [] : backups.Split(','))));
    }

    [Fact]
    public void Render_SpecialCharacters_AreEscaped()
    {
        var shift = OnCallSchedule.ShiftByNumber(Berlin, 0);

        var ics = OnCallCalendar.Render("Payments; EU, \\ primary", [new CalendarShift(shift, "O'Brien, Pat; \"PJ\"", ["Line\r\nbreak\tand\u0007bell"])], GeneratedAt);

        var lines = Unfold(ics);
        Assert.Contains(@"X-WR-CALNAME:Payments\; EU\, \\ primary", lines);
        var summary = Events(lines)[0]["SUMMARY"];
        Assert.Equal(@"On call: O'Brien\, Pat\; ""PJ"" (backup: Line\nbreak" + "\tandbell)", summary);
        Assert.Equal("On call: O'Brien, Pat; \"PJ\" (backup: Line\nbreak\tandbell)", Unescape(summary));
    }

    [Fact]
    public void Render_LongUtf8Names_FoldsAt75OctetsWithoutSplittingACharacter()
    {
        var shift = OnCallSchedule.ShiftByNumber(Berlin, 0);
        var main = string.Concat(Enumerable.Repeat("Kovač Žofia Łukasz 🧑‍💻 ", 8)).TrimEnd();

        var ics = OnCallCalendar.Render("On call", [new CalendarShift(shift, main, ["Mei Chen"])], GeneratedAt);

        var physical = ics.Split("\r\n");
        Assert.Equal("", physical[^1]);
        Assert.All(physical, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
        var summaryLines = physical.SkipWhile(l => !l.StartsWith("SUMMARY:", StringComparison.Ordinal)).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();
        Assert.True(summaryLines.Count > 3);
        // Lines are cut as late as the next character allows: a full line is 72 to 75 octets.
        Assert.All(summaryLines.SkipLast(1), line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 72, 75));
        // Each physical line is valid UTF-8 on its own: no character (nor surrogate pair) is split across a fold.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        Assert.All(summaryLines, line => Assert.Equal(line, strict.GetString(strict.GetBytes(line))));
        Assert.All(summaryLines, line => Assert.False(char.IsHighSurrogate(line[^1])));
        Assert.Equal($"On call: {main} (backup: Mei Chen)", Unescape(Events(Unfold(ics))[0]["SUMMARY"]));
    }

    [Fact]
    public void Render_Always_UsesCrlfLineEndingsOnly()
    {
        var shift = OnCallSchedule.ShiftByNumber(Berlin, 0);

        var ics = OnCallCalendar.Render("On call", [new CalendarShift(shift, "Ana\nKovač", [])], GeneratedAt);

        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Equal(ics.Count(c => c == '\n'), ics.Split("\r\n").Length - 1);
        Assert.DoesNotContain('\r', ics.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NoShifts_IsAnEmptyButValidCalendar()
    {
        var lines = Unfold(OnCallCalendar.Render("Empty", [], GeneratedAt));

        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Empty(Events(lines));
    }

    [Fact]
    public void Render_ShiftBeforeStartDate_HasAStableUidWithItsNumber()
    {
        var shift = OnCallSchedule.ShiftByNumber(Berlin, -2);

        var events = Events(Unfold(OnCallCalendar.Render("On call", [new CalendarShift(shift, "Kwame", [])], GeneratedAt)));

        Assert.Equal("payments-primary--2@slo-bot", events[0]["UID"]);
        Assert.Equal("20241223T080000Z", events[0]["DTSTART"]);
    }

    private static string Name(string id) => id switch
    {
        "ana" => "Ana Kovač",
        "kwame" => "Kwame Mensah",
        _ => "Mei Chen",
    };

    /// <summary>RFC 5545 §3.1: a CRLF followed by one space or tab is removed; the result split into content lines.</summary>
    private static List<string> Unfold(string ics)
    {
        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        return [.. ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal).Split("\r\n").SkipLast(1)];
    }

    /// <summary>Each VEVENT as its properties by name (the events here have no parameters on the properties read).</summary>
    private static List<Dictionary<string, string>> Events(List<string> lines)
    {
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT")
            {
                current = [];
            }
            else if (line == "END:VEVENT")
            {
                events.Add(current!);
                current = null;
            }
            else if (current is not null)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                current[line[..colon]] = line[(colon + 1)..];
            }
        }
        return events;
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                result.Append(text[i] is 'n' or 'N' ? '\n' : text[i]);
            }
            else
            {
                Assert.False(text[i] is ';' or ',', $"unescaped '{text[i]}' in {text}");
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }
}
