using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// The scalar syntaxes of the catalog, each a <see cref="ScalarParser{T}"/>. Enum values are written in
/// camelCase (<c>businessLine</c>, <c>mainBackupSwap</c>) and read case-insensitively.
/// </summary>
internal static partial class ScalarParsers
{
    /// <summary>
    /// One or more <c>&lt;number&gt;&lt;unit&gt;</c> parts, units ms, s, m, h, d, w: <c>1000ms</c>, <c>30m</c>,
    /// <c>1h30m</c>, <c>7d</c>. A bare number is rejected because its unit would be a guess; zero is rejected
    /// because no timeout, threshold or period in the catalog means anything at zero.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }
        try
        {
            for (var i = 0; i < match.Groups[1].Captures.Count; i++)
            {
                var amount = long.Parse(match.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
                value += match.Groups[2].Captures[i].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "h" => TimeSpan.FromHours(amount),
                    "d" => TimeSpan.FromDays(amount),
                    _ => TimeSpan.FromDays(7 * amount),
                };
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        return value > TimeSpan.Zero;
    }

    /// <summary>Lifts a parser of a value type to one of its nullable, for optional fields that stay null when absent.</summary>
    public static ScalarParser<T?> AsNullable<T>(ScalarParser<T> parse)
        where T : struct =>
        (string text, out T? value) =>
        {
            var ok = parse(text, out var parsed);
            value = ok ? parsed : null;
            return ok;
        };

    /// <summary>A duration that is a whole number of days, as rotation periods are.</summary>
    public static bool TryParseWholeDays(string text, out TimeSpan value) =>
        TryParseDuration(text, out value) && value.Ticks % TimeSpan.TicksPerDay == 0;

    /// <summary><c>0.999</c> or <c>99.9%</c>; the range is checked by the caller so that it can say so.</summary>
    public static bool TryParseRatio(string text, out double value)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        // decimal keeps 99.95% exactly 0.9995 instead of 0.99949999…
        if (decimal.TryParse(percent ? trimmed[..^1] : trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            value = (double)(percent ? number / 100 : number);
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary><c>28d</c> or <c>4w</c>: rolling; <c>4w-calendar</c>: calendar weeks starting Monday.</summary>
    public static bool TryParseWindow(string text, [MaybeNullWhen(false)] out SloWindow value)
    {
        value = null;
        var match = WindowPattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            return false;
        }
        value = (match.Groups[2].Value, match.Groups[3].Success) switch
        {
            ("d", false) => new SloWindow(SloWindowKind.Rolling, amount),
            ("w", false) => new SloWindow(SloWindowKind.Rolling, 7 * amount),
            ("w", true) => new SloWindow(SloWindowKind.CalendarWeeks, 7 * amount),
            _ => null,
        };
        return value is not null;
    }

    /// <summary><c>P1</c> … <c>P5</c> as 1 … 5.</summary>
    public static bool TryParsePriority(string text, out int? value)
    {
        var match = PriorityPattern().Match(text.Trim());
        value = match.Success ? match.Groups[1].Value[0] - '0' : null;
        return match.Success;
    }

    public static string FormatPriority(int level) => $"P{level}";

    public static bool TryParseHttpUrl(string text, out Uri? value)
    {
        var ok = Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        value = ok ? uri : null;
        return ok;
    }

    public static bool TryParseBoolean(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    public static bool TryParseCount(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParsePositive(string text, out int value) => TryParseCount(text, out value) && value > 0;

    public static bool TryParseTime(string text, out TimeOnly value) =>
        TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>An IANA id known to this machine (tzdata/ICU), returned in its canonical spelling.</summary>
    public static bool TryParseTimeZone(string text, [MaybeNullWhen(false)] out string value)
    {
        // Windows ids resolve too on ICU machines; the catalog promises IANA ids, so those are refused.
        var ok = TimeZoneInfo.TryFindSystemTimeZoneById(text.Trim(), out var zone) && zone.HasIanaId;
        value = ok ? zone!.Id : null;
        return ok;
    }

    public static bool TryParseEmail(string text, [MaybeNullWhen(false)] out string value) => Matches(EmailPattern(), text, out value);

    /// <summary>Slack member ids: <c>U…</c>, or <c>W…</c> on Enterprise Grid.</summary>
    public static bool TryParseSlackUserId(string text, [MaybeNullWhen(false)] out string value) => Matches(SlackUserPattern(), text, out value);

    /// <summary>Slack conversation ids of public (<c>C…</c>) and private (<c>G…</c>) channels.</summary>
    public static bool TryParseSlackChannelId(string text, [MaybeNullWhen(false)] out string value) => Matches(SlackChannelPattern(), text, out value);

    /// <summary>Bot Framework user ids in Teams start with <c>29:</c>.</summary>
    public static bool TryParseMsTeamsUserId(string text, [MaybeNullWhen(false)] out string value) => Matches(MsTeamsUserPattern(), text, out value);

    /// <summary>Teams team and channel conversation ids: <c>19:…@thread.tacv2</c> (or the older <c>@thread.skype</c>).</summary>
    public static bool TryParseMsTeamsThreadId(string text, [MaybeNullWhen(false)] out string value) => Matches(MsTeamsThreadPattern(), text, out value);

    public static bool TryParseGuid(string text, [MaybeNullWhen(false)] out string value)
    {
        var ok = Guid.TryParseExact(text.Trim(), "D", out var guid);
        value = ok ? guid.ToString("D") : null;
        return ok;
    }

    /// <summary>Console channel names are slugs, like Slack channel names: <c>payments-slo-breaches</c>.</summary>
    public static bool TryParseConsoleChannel(string text, [MaybeNullWhen(false)] out string value) => Matches(ConsoleChannelPattern(), text, out value);

    /// <summary>
    /// A channel destination's key as the outbox writes it (<see cref="ChatDestination.Key"/>): <c>slack:C0123ABCD</c>,
    /// <c>msteams:19:…@thread.tacv2</c> or <c>console:payments-managers</c>, the channel in its platform's syntax. Direct
    /// message keys (<c>slack:dm:U…</c>) are refused: a person is a member, and their destinations follow from them.
    /// </summary>
    public static bool TryParseDestinationKey(string text, [MaybeNullWhen(false)] out string value)
    {
        value = null;
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        var channel = trimmed[(colon + 1)..];
        var ok = trimmed[..colon] switch
        {
            "slack" => TryParseSlackChannelId(channel, out _),
            "msteams" => TryParseMsTeamsThreadId(channel, out _),
            "console" => TryParseConsoleChannel(channel, out _),
            _ => false,
        };
        value = ok ? trimmed : null;
        return ok;
    }

    /// <summary>Full English day names; numbers are refused although <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> takes them.</summary>
    public static bool TryParseDay(string text, out DayOfWeek value)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            if (string.Equals(day.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = day;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>An enum value by its camelCase name, e.g. <c>mainBackupSwap</c>.</summary>
    public static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string CamelCase<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>"allowed: a, b, c" for an enum's camelCase names.</summary>
    public static string Allowed<T>(params T[] values)
        where T : struct, Enum =>
        "allowed: " + string.Join(", ", (values.Length > 0 ? values : Enum.GetValues<T>()).Select(CamelCase));

    private static bool Matches(Regex pattern, string text, [MaybeNullWhen(false)] out string value)
    {
        var trimmed = text.Trim();
        value = pattern.IsMatch(trimmed) ? trimmed : null;
        return value is not null;
    }

    [GeneratedRegex(@"^(?:(\d{1,9})(ms|s|m|h|d|w))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(\d{1,3})(d|w)(-calendar)?$", RegexOptions.CultureInvariant)]
    private static partial Regex WindowPattern();

    [GeneratedRegex("^[Pp]([1-5])$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorityPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[UW][A-Z0-9]{6,}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackUserPattern();

    [GeneratedRegex("^[CG][A-Z0-9]{6,}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlackChannelPattern();

    [GeneratedRegex(@"^29:\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex MsTeamsUserPattern();

    [GeneratedRegex(@"^19:\S+@thread\.(tacv2|skype)$", RegexOptions.CultureInvariant)]
    private static partial Regex MsTeamsThreadPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ConsoleChannelPattern();
}
