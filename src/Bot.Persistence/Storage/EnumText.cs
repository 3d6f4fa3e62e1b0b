using System.Data;

namespace Bot.Persistence.Storage;

/// <summary>Enums are stored as their lowercase names (<c>open</c>, <c>critical</c>, <c>msteams</c>), readable in SQL and stable across reorderings.</summary>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Texts = Enum.GetValues<T>().ToDictionary(value => value, value => value.ToString().ToLowerInvariant());
    private static readonly Dictionary<string, T> Values = Texts.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static string Of(T value) => Texts[value];

    public static string? Of(T? value) => value is { } v ? Texts[v] : null;

    public static T Parse(string text) =>
        Values.TryGetValue(text, out var value)
            ? value
            : throw new DataException($"'{text}' is not a stored {typeof(T).Name}; expected one of {string.Join(", ", Values.Keys)}.");
}
