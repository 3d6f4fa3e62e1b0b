using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.OnCall;

namespace Bot.Core.Commands;

/// <summary>How the grammar's people and times are read: <c>@ana</c>, a Slack or Teams mention; <c>now</c>, <c>+4h</c>, a local date-time.</summary>
internal static partial class CommandWords
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>
    /// The catalog member a word names: a member id (<c>ana</c>, <c>@ana</c>), a Slack mention (<c>&lt;@U05A1PAY01|ana&gt;</c>),
    /// or a Teams mention of their display name (the grammar turns <c>&lt;at&gt;Ana Kovač&lt;/at&gt;</c> into <c>@Ana Kovač</c>).
    /// </summary>
    public static Member? Person(ServiceCatalog catalog, string word)
    {
        var members = catalog.Teams.SelectMany(t => t.Members).ToList();
        if (SlackMention().Match(word) is { Success: true } slack)
        {
            return members.FirstOrDefault(m => m.SlackUserId == slack.Groups[1].Value);
        }
        var name = word.TrimStart('@').Replace('\u00A0', ' ');
        return members.FirstOrDefault(m => m.Id == name)
            ?? members.FirstOrDefault(m => string.Equals(m.DisplayName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An instant from a word: <c>now</c>; <c>+30m</c>, <c>+4h</c>, <c>+2d</c> from now; a date-time with an offset or <c>Z</c>;
    /// or a local date-time (<c>2026-12-24T18:00</c>, a date alone meaning midnight) in <paramref name="zone"/>. A local time
    /// that a daylight-saving change skips is moved past the gap; a repeated one means its first occurrence.
    /// </summary>
    public static DateTimeOffset? Instant(string word, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (word.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now;
        }
        if (Relative().Match(word) is { Success: true } relative)
        {
            var amount = int.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            return relative.Groups[2].Value switch
            {
                "m" => now.AddMinutes(amount),
                "h" => now.AddHours(amount),
                _ => now.AddDays(amount),
            };
        }
        if (HasOffset().IsMatch(word) && DateTimeOffset.TryParse(word, CultureInfo.InvariantCulture, DateTimeStyles.None, out var absolute))
        {
            return absolute;
        }
        if (DateTime.TryParseExact(word, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return ZonedClock.ToInstant(zone, local);
        }
        return null;
    }

    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, zone):ddd yyyy-MM-dd HH:mm} {zone.Id}");

    [GeneratedRegex(@"^<@([UW][A-Z0-9]+)(\|[^>]*)?>$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackMention();

    [GeneratedRegex(@"^\+(\d{1,4})([mhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HasOffset();
}
