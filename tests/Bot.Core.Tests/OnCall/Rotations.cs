using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.OnCall;

namespace Bot.Core.Tests.OnCall;

/// <summary>Rotations, instants and overrides written the way the tables read: zones by IANA id, times as text.</summary>
internal static class Rotations
{
    public static readonly string[] Team = ["ana", "kwame", "mei", "diego"];

    public static Rotation Create(
        string timeZone = "Europe/Berlin",
        string startDate = "2025-01-06",
        string handoffTime = "09:00",
        int periodDays = 7,
        RotationShape shape = RotationShape.OnePersonRotating,
        string[]? participants = null,
        CoverageWindow? coverage = null)
    {
        var start = Date(startDate);
        return new Rotation(
            "payments-primary",
            "Payments primary",
            "payments",
            shape,
            TimeSpan.FromDays(periodDays),
            start.DayOfWeek,
            TimeOnly.Parse(handoffTime, CultureInfo.InvariantCulture),
            timeZone,
            start,
            participants ?? Team,
            coverage,
            null);
    }

    /// <summary>An instant from ISO 8601 text with its offset, e.g. <c>2025-03-30T01:00Z</c> or <c>2025-03-30T03:00+02:00</c>.</summary>
    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static RotationOverride Override(
        long id, string member, string from, string to, OnCallRole role = OnCallRole.Main, string? createdAt = null, string rotationId = "payments-primary") =>
        new(id, rotationId, member, role, At(from), At(to), "lena", At(createdAt ?? "2025-01-01T00:00Z"));

    /// <summary>The wall-clock time an instant shows in a zone, read with the system's tzdata (independent of the code under test).</summary>
    public static string Local(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
