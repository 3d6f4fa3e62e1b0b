using System.Globalization;
using System.Text.Json;

namespace Bot.Core.Alerts;

/// <summary>Reads typed fields from a JSON object, naming the JSON path of whatever is missing or malformed.</summary>
internal readonly struct JsonFields(JsonElement element, string path)
{
    /// <summary>The Go zero time Alertmanager sends as <c>endsAt</c> while an alert fires.</summary>
    private static readonly DateTimeOffset GoZeroTime = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Path => path;

    public static JsonFields Root(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object
            ? new JsonFields(element, "$")
            : throw Error("$", $"expected {what} as a JSON object, got {Describe(element.ValueKind)}");

    public JsonElement RequiredArray(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw Error(Child(name), value.ValueKind == JsonValueKind.Undefined ? "is required" : $"must be an array, got {Describe(value.ValueKind)}");

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw Error(Child(name), "is required");

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Error(Child(name), $"must be a string, got {Describe(value.ValueKind)}");
    }

    public int OptionalInt(string name) =>
        !TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null ? 0
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0 ? number
        : throw Error(Child(name), "must be a non-negative whole number");

    public DateTimeOffset RequiredTime(string name) =>
        OptionalTime(name) ?? throw Error(Child(name), "is required (an RFC 3339 time)");

    /// <summary>An RFC 3339 time, or null when absent, null, empty, or Go's zero time.</summary>
    public DateTimeOffset? OptionalTime(string name)
    {
        var text = OptionalString(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw Error(Child(name), $"'{text}' is not an RFC 3339 time");
        }
        return time == GoZeroTime ? null : TruncateToMicroseconds(time);
    }

    /// <summary>
    /// Storage keeps microseconds (PostgreSQL's precision) and Alertmanager sends nanoseconds; an occurrence is
    /// keyed by its start, so a repeat must compare equal to what was stored.
    /// </summary>
    internal static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        time.AddTicks(-(time.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));

    public Uri? OptionalUrl(string name)
    {
        var text = OptionalString(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? uri
            : throw Error(Child(name), $"'{text}' is not an absolute URL");
    }

    /// <summary>A map of string to string (labels, annotations); null when absent and not required.</summary>
    public Dictionary<string, string>? StringMap(string name, bool required)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Error(Child(name), "is required") : null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(Child(name), $"must be an object of strings, got {Describe(value.ValueKind)}");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw Error($"{Child(name)}.{property.Name}", $"must be a string, got {Describe(property.Value.ValueKind)}");
        }
        return map;
    }

    public JsonFields Item(JsonElement item, string arrayName, int index) =>
        item.ValueKind == JsonValueKind.Object
            ? new JsonFields(item, $"{Child(arrayName)}[{index}]")
            : throw Error($"{Child(arrayName)}[{index}]", $"must be an object, got {Describe(item.ValueKind)}");

    public static PayloadException Error(string path, string message) => new(new PayloadError(path, message));

    private bool TryGet(string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    private string Child(string name) => $"{path}.{name}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
