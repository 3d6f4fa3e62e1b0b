using System.Diagnostics.CodeAnalysis;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Reads an SLO's <c>source</c>: where its SLI data comes from. <c>push</c>, or a mapping with exactly one of
/// <c>prometheus</c> (queries), <c>sloth</c> (Sloth's recording rules by <c>sloth_id</c>) and <c>pyrra</c> (Pyrra's
/// generic rules by SLO name).
/// </summary>
internal static class SliSourceReader
{
    /// <summary>Stands for the range in a query, e.g. <c>rate(x[{{.window}}])</c>; the notation Sloth uses.</summary>
    public const string WindowPlaceholder = "{{.window}}";

    private static readonly string[] SourceKeys = ["prometheus", "sloth", "pyrra"];
    private static readonly string[] PrometheusKeys = ["badQuery", "goodQuery", "totalQuery"];

    private const string SourceSyntax = "write push, or a mapping with one of prometheus, sloth, pyrra";

    /// <summary>The declared source, or null when the SLO declares none (or it was invalid, already reported).</summary>
    public static SliDataSource? Read(MappingReader slo, string sloId)
    {
        if (!slo.Has("source"))
        {
            return null;
        }
        if (!slo.HoldsMapping("source"))
        {
            // A list has been reported by String.
            if (slo.String("source") is not { } text)
            {
                return null;
            }
            if (string.Equals(text.Trim(), "push", StringComparison.OrdinalIgnoreCase))
            {
                return SliDataSource.Pushed.Instance;
            }
            slo.ValueError("source", $"invalid source '{text}'; {SourceSyntax}");
            return null;
        }

        var r = slo.Mapping("source")!;
        r.RejectUnknownKeys(SourceKeys);
        var keys = r.Keys();
        var kinds = keys.Where(SourceKeys.Contains).ToList();
        if (kinds.Count != 1)
        {
            // With only unknown keys, the unknown-key error says it all.
            if (kinds.Count > 0 || keys.Count == 0)
            {
                var found = kinds.Count == 0 ? "none" : string.Join(" and ", kinds.Select(k => $"source.{k}"));
                slo.Error(slo.LineOf("source"), $"{slo.Context}: source must declare exactly one of source.prometheus, source.sloth, source.pyrra; found {found}");
            }
            return null;
        }
        return kinds[0] switch
        {
            "prometheus" => ReadQueries(r, slo.Context),
            "sloth" => RuleName(r, "sloth", sloId, "write the sloth_id of Sloth's recording rules (e.g. checkout-api-requests-availability), or true for this SLO's id")
                is { } slothId ? new SliDataSource.SlothRules(slothId) : null,
            _ => RuleName(r, "pyrra", sloId, "write the name of the Pyrra SLO (its metadata.name, the slo label of its rules), or true for this SLO's id")
                is { } pyrraName ? new SliDataSource.PyrraRules(pyrraName) : null,
        };
    }

    /// <summary>Whether a query holds the range placeholder, which the reader fills with each window it reads.</summary>
    public static bool HasPlaceholder(string query) => query.Contains(WindowPlaceholder, StringComparison.Ordinal);

    private static SliDataSource.PrometheusQueries? ReadQueries(MappingReader source, string context)
    {
        if (source.Mapping("prometheus", required: true) is not { } r)
        {
            return null;
        }
        r.RejectUnknownKeys(PrometheusKeys);
        var bad = Query(r, "badQuery", context, required: false);
        var good = Query(r, "goodQuery", context, required: false);
        var total = Query(r, "totalQuery", context, required: true);
        if (r.Has("badQuery") == r.Has("goodQuery"))
        {
            var found = r.Has("badQuery") ? "both" : "neither";
            r.Error($"source.prometheus needs exactly one of badQuery (bad events) and goodQuery (good events), besides totalQuery; found {found}");
            return null;
        }
        return (bad is null && good is null) || total is null ? null : new SliDataSource.PrometheusQueries(bad, good, total);
    }

    private static string? Query(MappingReader r, string key, string context, bool required)
    {
        var query = required ? r.RequiredString(key) : r.String(key);
        if (string.IsNullOrWhiteSpace(query))
        {
            if (query is { Length: > 0 })
            {
                r.Error(r.LineOf(key), $"{context}: source.prometheus.{key} must not be empty");
            }
            return null;
        }
        if (!HasPlaceholder(query))
        {
            r.Error(r.LineOf(key),
                $"{context} has source.prometheus.{key} without the range placeholder {WindowPlaceholder}; write its range as [{WindowPlaceholder}], e.g. rate(http_requests_total[{WindowPlaceholder}])");
            return null;
        }
        return query.Trim();
    }

    private static string? RuleName(MappingReader source, string key, string sloId, string expected)
    {
        var name = source.Get(key, (string text, [MaybeNullWhen(false)] out string id) => TryParseRuleName(text, sloId, out id), expected, string.Empty, required: true);
        return name.Length > 0 ? name : null;
    }

    /// <summary>A rule name (<c>sloth_id</c>, Pyrra SLO name), or <c>true</c> for the SLO's own id.</summary>
    private static bool TryParseRuleName(string text, string sloId, [MaybeNullWhen(false)] out string value)
    {
        var trimmed = text.Trim();
        value = trimmed == "true" ? sloId : MappingReader.IsId(trimmed) && trimmed != "false" ? trimmed : null;
        return value is { Length: > 0 };
    }
}
