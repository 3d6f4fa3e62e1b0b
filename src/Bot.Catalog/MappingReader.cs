using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Bot.Catalog;

/// <summary>Parses a scalar's text; false when the text is not a valid value.</summary>
internal delegate bool ScalarParser<T>(string text, [MaybeNullWhen(false)] out T value);

/// <summary>
/// Reads one YAML mapping as a record's fields. Every getter reports a missing or bad value at its line and
/// returns a placeholder instead of throwing: reading goes on so one load reports every error, and any error
/// fails the whole load, so a placeholder never reaches a catalog.
/// </summary>
internal sealed partial class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly ErrorList _errors;

    private MappingReader(YamlMappingNode node, string file, string context, string keyPrefix, ErrorList errors)
    {
        _node = node;
        File = file;
        Context = context;
        KeyPrefix = keyPrefix;
        _errors = errors;
    }

    public string File { get; }

    /// <summary>What the mapping describes in messages, e.g. <c>team 'payments'</c>; empty for a document.</summary>
    public string Context { get; private set; }

    /// <summary>For a nested mapping read on behalf of its owner: the dotted path shown before its keys.</summary>
    private string KeyPrefix { get; }

    public SourceLine At => LineOf(_node);

    /// <summary>How a field is named in messages: its dotted path from the item, e.g. <c>spec.ratioMetric.total</c>.</summary>
    public string PathOf(string key) => KeyPrefix + key;

    /// <summary>The dotted path of this nested mapping itself, e.g. <c>spec.ratioMetric</c>; empty for an item.</summary>
    public string Path => KeyPrefix.TrimEnd('.');

    private string Prefix => Context.Length == 0 ? string.Empty : $"{Context}: ";

    public static MappingReader Document(YamlMappingNode root, string file, ErrorList errors) => new(root, file, string.Empty, string.Empty, errors);

    public void Error(SourceLine at, string message) => _errors.Add(at, message);

    /// <summary>Reports a problem with the mapping itself: <c>team 'payments': …</c>.</summary>
    public void Error(string message) => _errors.Add(At, Prefix + message);

    /// <summary>Reports a bad value of a field: <c>slo 'x' has …</c>.</summary>
    public void ValueError(string key, string problem) => _errors.Add(LineOf(key), $"{Context} has {problem}");

    /// <summary>Typos must not pass silently: every key outside <paramref name="allowed"/> is an error.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> allowed)
    {
        foreach (var key in _node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!allowed.Contains(name))
            {
                _errors.Add(LineOf(key), $"{Prefix}unknown key '{KeyPrefix}{name}'; allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    public bool Has(string key) => Find(key) is not null;

    /// <summary>Whether the field holds a mapping, for fields written either as a single value or as a mapping.</summary>
    public bool HoldsMapping(string key) => Find(key) is YamlMappingNode;

    /// <summary>The keys as written, in order: for mappings whose keys are data (annotations, priority tables).</summary>
    public IReadOnlyList<string> Keys() =>
        [.. _node.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? k.ToString())];

    /// <summary>The line of a field's value, or of the mapping when the field is absent.</summary>
    public SourceLine LineOf(string key) => Find(key) is { } node ? LineOf(node) : At;

    /// <summary>
    /// Reads the required <c>id</c> (or the field that serves as one, like OpenSLO's <c>metadata.name</c>) and
    /// names the mapping by it from then on.
    /// </summary>
    public string Id(string key = "id")
    {
        var id = RequiredString(key);
        if (id.Length == 0)
        {
            return id;
        }
        Context = $"{Context} '{id}'";
        if (!IsId(id))
        {
            ValueError(key, $"invalid {KeyPrefix}{key} '{id}'; use letters, digits, '.', '_' and '-' (ids appear in chat commands)");
        }
        return id;
    }

    /// <summary>Whether the text has the syntax of a catalog id.</summary>
    public static bool IsId(string text) => IdPattern().IsMatch(text);

    /// <summary>Names the mapping once a field other than <c>id</c> identifies it, e.g. <c>ring 1</c>.</summary>
    public void NameAs(string context) => Context = context;

    public string? String(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value;
            default:
                Error(LineOf(node), $"{Prefix}'{KeyPrefix}{key}' must be a single value, not a {Describe(node)}");
                return null;
        }
    }

    /// <summary>A required scalar; an empty string when it is missing (already reported).</summary>
    public string RequiredString(string key)
    {
        var value = String(key);
        // A present but non-scalar value has been reported by String already.
        if (string.IsNullOrEmpty(value) && !(value is null && Has(key)))
        {
            Missing(key);
        }
        return value ?? string.Empty;
    }

    public Located<string>? Reference(string key, bool required = false)
    {
        var value = required ? RequiredString(key) : String(key);
        return string.IsNullOrEmpty(value) ? null : new Located<string>(value, LineOf(key));
    }

    /// <summary>
    /// A scalar parsed by <paramref name="parse"/>; <paramref name="fallback"/> when absent or invalid.
    /// An invalid value reads <c>team 'x' has invalid key 'text'; expected</c>.
    /// </summary>
    public T Get<T>(string key, ScalarParser<T> parse, string expected, T fallback, bool required = false)
    {
        var text = required ? RequiredString(key) : String(key);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        if (parse(text, out var value))
        {
            return value;
        }
        ValueError(key, $"invalid {KeyPrefix}{key} '{text}'; {expected}");
        return fallback;
    }

    /// <summary>A list of scalars, each with its own line.</summary>
    public IReadOnlyList<Located<string>> Strings(string key, bool required = false)
    {
        if (Sequence(key, required) is not { } sequence)
        {
            return [];
        }
        var values = new List<Located<string>>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value })
            {
                values.Add(new Located<string>(value, LineOf(item)));
            }
            else
            {
                var problem = item is YamlScalarNode ? "must not be empty" : $"must be a single value, not a {Describe(item)}";
                Error(LineOf(item), $"{Prefix}each item of '{KeyPrefix}{key}' {problem}");
            }
        }
        return values;
    }

    /// <summary>A list of mappings, each read by its own reader named <paramref name="itemContext"/> until it reads its id.</summary>
    public IReadOnlyList<MappingReader> Items(string key, string itemContext, bool required = false)
    {
        if (Sequence(key, required) is not { } sequence)
        {
            return [];
        }
        var items = new List<MappingReader>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping)
            {
                items.Add(new MappingReader(mapping, File, itemContext, string.Empty, _errors));
            }
            else
            {
                Error(LineOf(item), $"{Prefix}each item of '{KeyPrefix}{key}' must be a mapping, not a {Describe(item)}");
            }
        }
        return items;
    }

    /// <summary>A nested mapping read on behalf of this one: same context, keys shown as <c>outer.inner</c>.</summary>
    public MappingReader? Mapping(string key, bool required = false)
    {
        switch (Find(key))
        {
            case null:
                if (required)
                {
                    Missing(key);
                }
                return null;
            case YamlMappingNode mapping:
                return new MappingReader(mapping, File, Context, $"{KeyPrefix}{key}.", _errors);
            case var other:
                Error(LineOf(other), $"{Prefix}'{KeyPrefix}{key}' must be a mapping, not a {Describe(other)}");
                return null;
        }
    }

    private YamlSequenceNode? Sequence(string key, bool required)
    {
        switch (Find(key))
        {
            case null:
                if (required)
                {
                    Missing(key);
                }
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            case var other:
                Error(LineOf(other), $"{Prefix}'{KeyPrefix}{key}' must be a list, not a {Describe(other)}");
                return null;
        }
    }

    private void Missing(string key) => Error($"missing required field '{KeyPrefix}{key}'");

    /// <summary>The value under <paramref name="key"/>; an explicit null (<c>key:</c>, <c>~</c>, <c>null</c>) counts as absent.</summary>
    private YamlNode? Find(string key)
    {
        foreach (var (k, value) in _node.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                return IsNull(value) ? null : value;
            }
        }
        return null;
    }

    private SourceLine LineOf(YamlNode node) => new(File, (int)node.Start.Line);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "single value",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
