using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Reads OpenSLO <c>v1</c> documents (<c>apiVersion: openslo/v1</c>) found among the catalog files, so that teams
/// that describe their SLOs that way need not rewrite them. <c>kind: SLO</c> becomes an SLO of the service it names,
/// with the indicator inline or by <c>indicatorRef</c> to a <c>kind: SLI</c> document; the other kinds are accepted
/// and ignored. What OpenSLO cannot say (the SLI kind, priority, alert matchers) comes from <c>slo-bot/*</c>
/// annotations. Every field the bot cannot honour is an error that says so, rather than a silently different SLO.
/// </summary>
internal static partial class OpenSloReader
{
    public const string ApiVersion = "openslo/v1";

    private const string SliAnnotation = "slo-bot/sli";
    private const string ThresholdAnnotation = "slo-bot/threshold";
    private const string PriorityAnnotation = "slo-bot/priority";
    private const string MatchersAnnotation = "slo-bot/matchers";
    private const string AnnotationPrefix = "slo-bot/";

    private static readonly string[] DocumentKeys = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] MetadataKeys = ["name", "displayName", "labels", "annotations"];
    private static readonly string[] SloSpecKeys = ["description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies"];
    private static readonly string[] InlineIndicatorKeys = ["metadata", "spec"];
    private static readonly string[] SliSpecKeys = ["description", "thresholdMetric", "ratioMetric"];
    private static readonly string[] RatioKeys = ["counter", "good", "bad", "total", "rawType", "raw"];
    private static readonly string[] MetricKeys = ["metricSource"];
    private static readonly string[] MetricSourceKeys = ["metricSourceRef", "type", "spec"];
    private static readonly string[] PrometheusSpecKeys = ["query"];
    private static readonly string[] TimeWindowKeys = ["duration", "isRolling", "calendar"];
    private static readonly string[] CalendarKeys = ["startTime", "timeZone"];
    private static readonly string[] ObjectiveKeys =
        ["displayName", "op", "value", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow", "indicator", "indicatorRef", "compositeWeight"];
    private static readonly string[] SloAnnotations = [SliAnnotation, ThresholdAnnotation, PriorityAnnotation, MatchersAnnotation];
    private static readonly string[] SliAnnotations = [SliAnnotation, ThresholdAnnotation];

    /// <summary>Kinds the bot has no use for: alerting is the alert sources' business, services are the catalog's own.</summary>
    private static readonly string[] IgnoredKinds = ["Service", "AlertPolicy", "AlertCondition", "AlertNotificationTarget", "DataSource"];

    private const string WindowHint =
        "use a rolling window of days (duration: 28d, isRolling: true) or a calendar window of whole weeks (duration: 4w, isRolling: false)";

    /// <summary>Whether a catalog document is OpenSLO: the bot's own format has no <c>apiVersion</c>.</summary>
    public static bool IsOpenSlo(MappingReader document) => document.Has("apiVersion");

    public static void Read(MappingReader doc, CatalogDeclarations into)
    {
        doc.NameAs("OpenSLO document");
        doc.RejectUnknownKeys(DocumentKeys);
        var apiVersion = doc.String("apiVersion");
        if (apiVersion != ApiVersion)
        {
            doc.Error(doc.LineOf("apiVersion"),
                $"OpenSLO document has unsupported apiVersion '{apiVersion}'; the catalog reads OpenSLO documents of apiVersion {ApiVersion} besides its own format (which has no apiVersion)");
            return;
        }
        var kind = doc.RequiredString("kind");
        if (kind == "SLO")
        {
            doc.NameAs("OpenSLO SLO");
            into.OpenSlos.Add(ReadSlo(doc));
        }
        else if (kind == "SLI")
        {
            doc.NameAs("OpenSLO SLI");
            into.OpenSlis.Add(new OpenSliDeclaration(ReadIndicator(doc, standalone: true), doc.At));
        }
        else if (kind.Length > 0 && !IgnoredKinds.Contains(kind))
        {
            doc.Error(doc.LineOf("kind"), $"OpenSLO document has unknown kind '{kind}'; allowed: SLO, SLI, and (ignored) {string.Join(", ", IgnoredKinds)}");
        }
    }

    private static OpenSloDeclaration ReadSlo(MappingReader doc)
    {
        var metadata = doc.Mapping("metadata", required: true);
        var id = ReadName(doc, metadata);
        var annotations = ReadAnnotations(metadata, SloAnnotations, id);
        var spec = doc.Mapping("spec", required: true);
        if (spec is null)
        {
            var empty = new Slo(id, id, string.Empty, SliKind.Availability, double.NaN, SloWindow.Rolling28Days, null, null, null, [], IsDefault: false);
            return new OpenSloDeclaration(empty, doc.At, doc.At, annotations, null, null);
        }
        spec.RejectUnknownKeys(SloSpecKeys);
        var service = spec.Reference("service", required: true);

        OpenSloIndicator? inline = null;
        Located<string>? reference = null;
        if (spec.Has("indicator") == spec.Has("indicatorRef"))
        {
            var found = spec.Has("indicator") ? "both" : "neither";
            spec.Error(spec.LineOf("indicator"), $"{spec.Context}: spec needs exactly one of indicator (inline) and indicatorRef (the name of an OpenSLO SLI); found {found}");
        }
        else if (spec.Mapping("indicator") is { } indicator)
        {
            inline = ReadIndicator(indicator, standalone: false);
        }
        else
        {
            reference = spec.Reference("indicatorRef");
        }

        var window = ReadWindow(spec);
        ReadBudgetingMethod(spec);
        var target = ReadObjective(spec);
        var description = metadata?.String("displayName") ?? spec.String("description");
        var slo = new Slo(id, id, service?.Value ?? string.Empty, SliKind.Availability, target, window, null, annotations.Priority, description, annotations.Matchers, IsDefault: false);
        return new OpenSloDeclaration(slo, doc.At, service?.At ?? doc.At, annotations, inline, reference);
    }

    /// <summary><c>metadata.name</c>, the object's id; names the document by it from then on.</summary>
    private static string ReadName(MappingReader doc, MappingReader? metadata)
    {
        if (metadata is null)
        {
            return string.Empty;
        }
        var name = metadata.Id("name");
        metadata.RejectUnknownKeys(MetadataKeys);
        doc.NameAs(metadata.Context);
        return name;
    }

    /// <summary>
    /// An SLI: a <c>kind: SLI</c> document (<paramref name="standalone"/>) or an SLO's inline <c>spec.indicator</c>.
    /// Only <c>ratioMetric</c> with Prometheus queries is read.
    /// </summary>
    private static OpenSloIndicator ReadIndicator(MappingReader r, bool standalone)
    {
        if (!standalone)
        {
            r.RejectUnknownKeys(InlineIndicatorKeys);
        }
        var metadata = r.Mapping("metadata", required: standalone);
        var name = standalone ? ReadName(r, metadata) : metadata?.String("name") ?? string.Empty;
        if (!standalone)
        {
            metadata?.RejectUnknownKeys(MetadataKeys);
        }
        var annotations = ReadAnnotations(metadata, SliAnnotations, name);
        var source = r.Mapping("spec", required: true) is { } spec ? ReadRatioMetric(spec) : null;
        return new OpenSloIndicator(name, source, annotations);
    }

    private static SliDataSource.PrometheusQueries? ReadRatioMetric(MappingReader spec)
    {
        spec.RejectUnknownKeys(SliSpecKeys);
        if (spec.Has("thresholdMetric"))
        {
            spec.Error(spec.LineOf("thresholdMetric"),
                $"{spec.Context}: {spec.PathOf("thresholdMetric")} is not supported; the bot computes error budgets from event counts, so use ratioMetric (good or bad, and total)");
            return null;
        }
        if (spec.Mapping("ratioMetric", required: true) is not { } ratio)
        {
            return null;
        }
        ratio.RejectUnknownKeys(RatioKeys);
        if (ratio.Has("raw") || ratio.Has("rawType"))
        {
            ratio.Error(ratio.LineOf(ratio.Has("raw") ? "raw" : "rawType"),
                $"{ratio.Context}: {ratio.PathOf("raw")} (a precomputed ratio) is not supported; use good or bad, and total, so that the bot can count events");
            return null;
        }
        var good = Query(ratio, "good", required: false);
        var bad = Query(ratio, "bad", required: false);
        var total = Query(ratio, "total", required: true);
        if (ratio.Has("good") == ratio.Has("bad"))
        {
            var found = ratio.Has("good") ? "both" : "neither";
            ratio.Error($"{ratio.Path} needs exactly one of good and bad, besides total; found {found}");
            return null;
        }
        return (good is null && bad is null) || total is null ? null : new SliDataSource.PrometheusQueries(bad, good, total);
    }

    /// <summary>
    /// A <c>metricSource</c> of type Prometheus, its <c>spec.query</c> with each range selector (<c>[1m]</c>) turned into
    /// the <c>{{.window}}</c> placeholder: the bot reads the query over each window (1 h, 6 h, the period…).
    /// </summary>
    private static string? Query(MappingReader ratio, string key, bool required)
    {
        if (ratio.Mapping(key, required) is not { } metric)
        {
            return null;
        }
        metric.RejectUnknownKeys(MetricKeys);
        if (metric.Mapping("metricSource", required: true) is not { } source)
        {
            return null;
        }
        source.RejectUnknownKeys(MetricSourceKeys);
        var type = source.RequiredString("type");
        if (type.Length > 0 && !string.Equals(type, "Prometheus", StringComparison.OrdinalIgnoreCase))
        {
            source.Error(source.LineOf("type"),
                $"{source.Context}: {source.PathOf("type")} '{type}' is not supported; the bot reads Prometheus (type: Prometheus with spec.query)");
            return null;
        }
        if (source.Mapping("spec", required: true) is not { } spec)
        {
            return null;
        }
        spec.RejectUnknownKeys(PrometheusSpecKeys);
        var query = spec.RequiredString("query");
        if (query.Trim().Length == 0 || type.Length == 0)
        {
            return null;
        }
        if (WithWindowPlaceholder(query.Trim()) is { } windowed)
        {
            return windowed;
        }
        spec.Error(spec.LineOf("query"),
            $"{spec.Context}: {spec.PathOf("query")} has no range selector like [1m] and no {SliSourceReader.WindowPlaceholder} placeholder; the bot reads it over each window, so write its range as [{SliSourceReader.WindowPlaceholder}]");
        return null;
    }

    /// <summary>The query as written when it has the placeholder; else with every range selector replaced by it; null when it has neither.</summary>
    public static string? WithWindowPlaceholder(string query)
    {
        if (SliSourceReader.HasPlaceholder(query))
        {
            return query;
        }
        var replaced = RangeSelectorPattern().Replace(query, $"[{SliSourceReader.WindowPlaceholder}]");
        return replaced == query ? null : replaced;
    }

    /// <summary>
    /// <c>timeWindow</c>, exactly one entry: rolling whole days or weeks, or calendar whole weeks. The bot's calendar
    /// periods are Monday-aligned blocks in UTC, so <c>calendar.startTime</c> and <c>calendar.timeZone</c> are read but
    /// do not move them.
    /// </summary>
    private static SloWindow ReadWindow(MappingReader spec)
    {
        var items = spec.Items("timeWindow", $"{spec.Context}: timeWindow", required: true);
        if (items.Count != 1)
        {
            if (spec.Has("timeWindow"))
            {
                spec.Error(spec.LineOf("timeWindow"), $"{spec.Context}: spec.timeWindow must have exactly one entry; found {items.Count}");
            }
            return SloWindow.Rolling28Days;
        }
        var w = items[0];
        w.RejectUnknownKeys(TimeWindowKeys);
        var calendar = w.Mapping("calendar");
        calendar?.RejectUnknownKeys(CalendarKeys);
        var isRolling = w.Get("isRolling", ScalarParsers.AsNullable<bool>(ScalarParsers.TryParseBoolean), "use true or false", null) ?? (calendar is null);
        if (isRolling && calendar is not null)
        {
            w.Error(w.LineOf("calendar"), $"{w.Context}: calendar applies only to a calendar window (isRolling: false)");
        }
        var duration = w.RequiredString("duration");
        if (duration.Length == 0)
        {
            return SloWindow.Rolling28Days;
        }
        var match = WindowDurationPattern().Match(duration.Trim());
        var days = match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? match.Groups[2].Value switch
            {
                "d" => amount,
                "w" => 7 * amount,
                _ => 0,
            }
            : 0;
        if (isRolling && days > 0)
        {
            return new SloWindow(SloWindowKind.Rolling, days);
        }
        if (!isRolling && days > 0 && days % 7 == 0)
        {
            return new SloWindow(SloWindowKind.CalendarWeeks, days);
        }
        var what = isRolling ? "a rolling window" : "a calendar window";
        w.Error(w.LineOf("duration"), $"{w.Context}: duration '{duration}' for {what} is not supported; {WindowHint}");
        return SloWindow.Rolling28Days;
    }

    private static void ReadBudgetingMethod(MappingReader spec)
    {
        var method = spec.RequiredString("budgetingMethod");
        if (method.Length > 0 && !string.Equals(method, "Occurrences", StringComparison.OrdinalIgnoreCase))
        {
            spec.Error(spec.LineOf("budgetingMethod"),
                $"{spec.Context}: spec.budgetingMethod '{method}' is not supported; use Occurrences: the bot's error budget is a share of events, not of time slices");
        }
    }

    /// <summary>The target of the one objective: <c>target</c> (a ratio) or <c>targetPercent</c>, strictly between 0 and 1 (100).</summary>
    private static double ReadObjective(MappingReader spec)
    {
        var items = spec.Items("objectives", "objective", required: true);
        if (items.Count != 1)
        {
            if (spec.Has("objectives"))
            {
                spec.Error(spec.LineOf("objectives"),
                    $"{spec.Context}: spec.objectives must have exactly one objective; found {items.Count} (declare one SLO per objective)");
            }
            return double.NaN;
        }
        var o = items[0];
        o.NameAs($"{spec.Context}: objective");
        o.RejectUnknownKeys(ObjectiveKeys);
        if (o.Has("indicator") || o.Has("indicatorRef"))
        {
            o.Error(o.LineOf(o.Has("indicator") ? "indicator" : "indicatorRef"), $"{o.Context}: composite objectives (an indicator per objective) are not supported");
        }
        if (o.Has("target") == o.Has("targetPercent"))
        {
            o.Error($"declare exactly one of target (a ratio like 0.999) and targetPercent (like 99.9); found {(o.Has("target") ? "both" : "neither")}");
            return double.NaN;
        }
        var percent = o.Has("targetPercent");
        var key = percent ? "targetPercent" : "target";
        var text = o.RequiredString(key);
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            o.ValueError(key, $"invalid {key} '{text}'; {(percent ? "write a number like 99.9" : "write a ratio like 0.999")}");
            return double.NaN;
        }
        var target = (double)(percent ? number / 100 : number);
        if (target is <= 0 or >= 1)
        {
            o.ValueError(key, $"{key} '{text}' outside {(percent ? "(0, 100)" : "(0, 1)")}");
        }
        return target;
    }

    /// <summary>
    /// The <c>slo-bot/*</c> annotations among <c>metadata.annotations</c>; others belong to other tools and are left
    /// alone. Matchers default to <c>slo="&lt;name&gt;"</c>, the label Pyrra and OpenSLO-based tools put on alerts.
    /// </summary>
    private static OpenSloAnnotations ReadAnnotations(MappingReader? metadata, string[] allowed, string name)
    {
        var r = metadata?.Mapping("annotations");
        var defaultMatchers = name.Length > 0 ? new List<LabelMatcher> { new("slo", MatchOperator.Equal, name) } : [];
        if (r is null)
        {
            return new OpenSloAnnotations(null, null, null, defaultMatchers, metadata?.At ?? default, metadata?.At ?? default, metadata?.At ?? default);
        }
        foreach (var key in r.Keys().Where(k => k.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && !allowed.Contains(k)))
        {
            r.Error(r.LineOf(key), $"{r.Context}: unknown annotation '{key}'; allowed here: {string.Join(", ", allowed)}");
        }
        var sli = r.Get(SliAnnotation, ScalarParsers.AsNullable<SliKind>(ScalarParsers.TryParseEnum), ScalarParsers.Allowed<SliKind>(), null);
        var threshold = r.Get(ThresholdAnnotation, ScalarParsers.AsNullable<TimeSpan>(ScalarParsers.TryParseDuration), "use a duration like 300ms or 1s", null);
        if (!allowed.Contains(PriorityAnnotation))
        {
            return new OpenSloAnnotations(sli, threshold, null, [], r.LineOf(SliAnnotation), r.LineOf(ThresholdAnnotation), r.At);
        }
        var priority = r.Get<int?>(PriorityAnnotation, ScalarParsers.TryParsePriority, "use P1 to P5, or leave it out for none", null);
        var matchers = defaultMatchers;
        if (r.Has(MatchersAnnotation))
        {
            matchers = [];
            foreach (var text in SplitMatchers(r.String(MatchersAnnotation) ?? string.Empty))
            {
                if (LabelMatcherParser.Parse(text, out var error) is { } matcher)
                {
                    matchers.Add(matcher);
                }
                else
                {
                    r.Error(r.LineOf(MatchersAnnotation), $"{r.Context} has invalid matcher '{text}' in {r.PathOf(MatchersAnnotation)}; {error}");
                }
            }
        }
        return new OpenSloAnnotations(sli, threshold, priority, matchers, r.LineOf(SliAnnotation), r.LineOf(ThresholdAnnotation), r.LineOf(PriorityAnnotation));
    }

    /// <summary>Comma-separated matchers; a comma inside quotes (a regex like <c>a{1,3}</c>) does not split.</summary>
    public static IReadOnlyList<string> SplitMatchers(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(text[start..]);
        return [.. parts.Select(p => p.Trim()).Where(p => p.Length > 0)];
    }

    /// <summary>A PromQL range selector such as <c>[1m]</c> or <c>[1h30m]</c>; subqueries (<c>[1h:5m]</c>) do not match.</summary>
    [GeneratedRegex(@"\[\s*(?:\d+(?:ms|s|m|h|d|w|y))+\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex RangeSelectorPattern();

    [GeneratedRegex(@"^(\d{1,4})([a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WindowDurationPattern();
}

/// <summary>What the <c>slo-bot/*</c> annotations of an OpenSLO object say, with the lines for later checks.</summary>
internal sealed record OpenSloAnnotations(
    SliKind? Sli, TimeSpan? Threshold, int? Priority, IReadOnlyList<LabelMatcher> Matchers, SourceLine SliAt, SourceLine ThresholdAt, SourceLine PriorityAt);

/// <summary>An OpenSLO SLI, inline or a document of its own: its Prometheus queries (null when invalid, reported) and annotations.</summary>
internal sealed record OpenSloIndicator(string Name, SliDataSource.PrometheusQueries? Source, OpenSloAnnotations Annotations);

internal sealed record OpenSliDeclaration(OpenSloIndicator Indicator, SourceLine At);

/// <summary>
/// An OpenSLO SLO as read, before it is joined to its SLI and its service: <see cref="Slo"/> has the SLI kind,
/// threshold and source still to be filled in from the annotations and the indicator.
/// </summary>
internal sealed record OpenSloDeclaration(
    Slo Slo, SourceLine At, SourceLine ServiceAt, OpenSloAnnotations Annotations, OpenSloIndicator? Inline, Located<string>? IndicatorRef);
