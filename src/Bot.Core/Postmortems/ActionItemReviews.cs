using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.OnCall;
using Bot.Core.Scheduling;

namespace Bot.Core.Postmortems;

/// <summary>
/// When an action item's review is due: 09:00 on its review date in its driver's time zone (the team's rotation zone
/// when the driver left the catalog, else UTC), as a durable timer of kind <see cref="TimerKind"/> named by the item and
/// the date (<c>action-review</c> / <c>ai-3-2026-06-10</c>). A changed review date is a new timer; the old one finds
/// the date changed and does nothing.
/// </summary>
public static partial class ActionItemReviews
{
    public const string TimerKind = "action-review";

    /// <summary>The local time of day the driver is reminded.</summary>
    public static readonly TimeOnly RemindAt = new(9, 0);

    public static TimerKey TimerFor(long actionItemId, DateOnly reviewOn) =>
        new(TimerKind, string.Create(CultureInfo.InvariantCulture, $"ai-{actionItemId}-{reviewOn:yyyy-MM-dd}"));

    /// <summary>The item and review date a timer of <see cref="TimerKind"/> names; null for any other key.</summary>
    public static (long ActionItemId, DateOnly ReviewOn)? Parse(TimerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Kind != TimerKind || TimerId().Match(key.Id) is not { Success: true } match
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !DateOnly.TryParseExact(match.Groups[2].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }
        return (id, date);
    }

    /// <summary>The zone the item's dates are read in: its driver's, else its team's rotation's, else UTC.</summary>
    public static TimeZoneInfo ZoneOf(ServiceCatalog catalog, ActionItem item)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(item);
        var id = catalog.FindMember(item.DriverId)?.TimeZone
            ?? (item.TeamId is { } team ? catalog.RotationsOf(team).FirstOrDefault()?.TimeZone : null);
        return CommandWords.Zone(id);
    }

    /// <summary>The instant of the reminder: 09:00 on the review date in <paramref name="zone"/>.</summary>
    public static DateTimeOffset DueAt(DateOnly reviewOn, TimeZoneInfo zone) => ZonedClock.ToInstant(zone, reviewOn.ToDateTime(RemindAt));

    /// <summary>The date it is at <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>
    /// When the item's reminder should fire, or null when none should be pending: it is done, its driver was reminded of
    /// this date, or the date has passed in the driver's zone (a late "due today" would be wrong; <c>status</c> shows it overdue).
    /// </summary>
    public static DateTimeOffset? ReminderDue(ServiceCatalog catalog, ActionItem item, DateTimeOffset now)
    {
        if (item.IsDone || item.RemindedOn == item.ReviewOn)
        {
            return null;
        }
        var zone = ZoneOf(catalog, item);
        return Today(now, zone) > item.ReviewOn ? null : DueAt(item.ReviewOn, zone);
    }

    /// <summary>True when the review date of an item not done has passed in its driver's zone.</summary>
    public static bool IsOverdue(ServiceCatalog catalog, ActionItem item, DateTimeOffset now) =>
        !item.IsDone && Today(now, ZoneOf(catalog, item)) > item.ReviewOn;

    /// <summary>
    /// A review date as typed, in the reader's zone: <c>2026-06-10</c>, <c>today</c>, <c>tomorrow</c>, <c>+3d</c>, <c>+2w</c>.
    /// </summary>
    public static DateOnly? ParseDate(string word, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(word);
        var today = Today(now, zone);
        if (word.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            return today;
        }
        if (word.Equals("tomorrow", StringComparison.OrdinalIgnoreCase))
        {
            return today.AddDays(1);
        }
        if (Relative().Match(word) is { Success: true } relative)
        {
            var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            return today.AddDays(relative.Groups[2].Value == "w" ? amount * 7 : amount);
        }
        return DateOnly.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    [GeneratedRegex(@"^ai-(\d+)-(\d{4}-\d{2}-\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimerId();

    [GeneratedRegex(@"^\+(\d{1,3})([dw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();
}
