using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Joins each OpenSLO SLO to its indicator (inline, or an OpenSLO SLI by <c>indicatorRef</c> from any catalog file)
/// and to the catalog service it names, completing its SLI kind, latency threshold and Prometheus queries.
/// </summary>
internal static class OpenSloLinker
{
    /// <summary>The OpenSLO SLOs by the service they belong to; those of unknown services are reported and left out.</summary>
    public static Dictionary<string, List<SloDeclaration>> Link(
        IReadOnlyList<OpenSloDeclaration> slos, IReadOnlyList<OpenSliDeclaration> slis, Dictionary<string, ServiceDeclaration> services, ErrorList errors)
    {
        var indicators = CatalogAssembler.Index(slis, s => s.Indicator.Name, s => s.At, "OpenSLO SLI", errors, field: "name");
        var byService = new Dictionary<string, List<SloDeclaration>>(StringComparer.Ordinal);
        foreach (var declaration in slos)
        {
            var slo = declaration.Slo;
            var context = $"OpenSLO SLO '{slo.Id}'";
            if (slo.ServiceId.Length > 0 && !services.ContainsKey(slo.ServiceId))
            {
                errors.Add(declaration.ServiceAt, $"{context}: unknown service '{slo.ServiceId}'; spec.service must be the id of a service in the catalog");
                continue;
            }
            var indicator = declaration.Inline;
            if (declaration.IndicatorRef is { } reference)
            {
                if (indicators.TryGetValue(reference.Value, out var sli))
                {
                    indicator = sli.Indicator;
                }
                else
                {
                    errors.Add(reference.At, $"{context}: unknown SLI '{reference.Value}' in spec.indicatorRef; declare it as an OpenSLO SLI (kind: SLI) in the catalog folder");
                }
            }
            var (kind, threshold) = indicator is null ? (SliKind.Availability, null) : SliOf(declaration, indicator, context, errors);
            if (slo.Id.Length == 0 || slo.ServiceId.Length == 0)
            {
                continue;
            }
            var complete = slo with { Sli = kind, LatencyThreshold = threshold, Source = indicator?.Source };
            if (!byService.TryGetValue(slo.ServiceId, out var list))
            {
                byService[slo.ServiceId] = list = [];
            }
            list.Add(new SloDeclaration(complete, declaration.At, declaration.Annotations.PriorityAt));
        }
        return byService;
    }

    /// <summary>
    /// The SLI kind and threshold from the <c>slo-bot/sli</c> and <c>slo-bot/threshold</c> annotations, on the SLO or on
    /// its indicator (both may carry them, but must then agree). Availability when neither says.
    /// </summary>
    private static (SliKind Kind, TimeSpan? Threshold) SliOf(OpenSloDeclaration slo, OpenSloIndicator indicator, string context, ErrorList errors)
    {
        var own = slo.Annotations;
        var its = indicator.Annotations;
        if (own.Sli is { } a && its.Sli is { } b && a != b)
        {
            errors.Add(own.SliAt, $"{context}: slo-bot/sli '{ScalarParsers.CamelCase(a)}' disagrees with '{ScalarParsers.CamelCase(b)}' on its SLI '{indicator.Name}' at {its.SliAt}");
        }
        if (own.Threshold is { } x && its.Threshold is { } y && x != y)
        {
            errors.Add(own.ThresholdAt, $"{context}: slo-bot/threshold disagrees with the one on its SLI '{indicator.Name}' at {its.ThresholdAt}");
        }
        var kind = own.Sli ?? its.Sli ?? SliKind.Availability;
        var threshold = own.Threshold ?? its.Threshold;
        if (kind == SliKind.Latency && threshold is null)
        {
            errors.Add(own.Sli is not null ? own.SliAt : its.SliAt,
                $"{context}: a latency SLI needs the annotation slo-bot/threshold (e.g. 300ms): a request is good when it takes at most this long");
        }
        else if (kind != SliKind.Latency && threshold is not null)
        {
            errors.Add(own.Threshold is not null ? own.ThresholdAt : its.ThresholdAt, $"{context}: slo-bot/threshold applies only to latency SLIs (slo-bot/sli: latency)");
        }
        return (kind, threshold);
    }
}
