using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>Reads services with their SLOs, and the default SLO templates, which share the SLO fields.</summary>
internal static class ServiceReader
{
    private static readonly string[] ServiceKeys =
        ["id", "name", "team", "description", "product", "environments", "regions", "runbookUrl", "dashboardUrl", "slos"];
    private static readonly string[] SloKeys = ["id", "name", "sli", "target", "window", "threshold", "priority", "description", "matchers", "source"];
    private static readonly string[] TemplateKeys = ["name", "sli", "target", "window", "threshold", "priority", "description"];

    private const string TargetSyntax = "write a ratio like 0.999 or a percentage like 99.9%";

    public static ServiceDeclaration ReadService(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(ServiceKeys);
        var name = r.String("name") ?? id;
        var team = r.Reference("team", required: true);
        var service = new Service(
            id,
            name,
            team?.Value ?? string.Empty,
            r.String("description"),
            [.. r.Strings("environments").Select(e => e.Value)],
            [.. r.Strings("regions").Select(e => e.Value)],
            ReadUrl(r, "runbookUrl"),
            ReadUrl(r, "dashboardUrl"))
        {
            Product = r.String("product"),
        };
        var slos = r.Items("slos", $"{r.Context}: slo").Select(item => ReadSlo(item, id)).ToList();
        return new ServiceDeclaration(service, r.At, team?.At ?? r.At, slos);
    }

    public static SloTemplateDeclaration ReadTemplate(MappingReader r)
    {
        var name = r.RequiredString("name");
        if (name.Length > 0)
        {
            r.NameAs($"default slo '{name}'");
        }
        r.RejectUnknownKeys(TemplateKeys);
        var o = ReadObjective(r);
        return new SloTemplateDeclaration(new SloTemplate(name, o.Sli, o.Target, o.Window, o.Threshold, o.Priority, o.Description), r.At, r.LineOf("priority"));
    }

    private static SloDeclaration ReadSlo(MappingReader r, string serviceId)
    {
        var name = r.RequiredString("name");
        // The id defaults to Sloth's sloth_id, <service>-<slo name>, so alerts and catalog agree without repeating it.
        string id;
        if (r.Has("id"))
        {
            r.NameAs("slo");
            id = r.Id();
        }
        else
        {
            id = $"{serviceId}-{name}";
            if (name.Length > 0)
            {
                r.NameAs($"slo '{id}'");
            }
        }
        r.RejectUnknownKeys(SloKeys);
        var o = ReadObjective(r);
        var matchers = new List<LabelMatcher>();
        foreach (var text in r.Strings("matchers"))
        {
            if (LabelMatcherParser.Parse(text.Value, out var error) is { } matcher)
            {
                matchers.Add(matcher);
            }
            else
            {
                r.Error(text.At, $"{r.Context} has invalid matcher '{text.Value}'; {error}");
            }
        }
        var slo = new Slo(id, name, serviceId, o.Sli, o.Target, o.Window, o.Threshold, o.Priority, o.Description, matchers, IsDefault: false)
        {
            Source = SliSourceReader.Read(r, id),
        };
        return new SloDeclaration(slo, r.At, r.LineOf("priority"));
    }

    private sealed record Objective(SliKind Sli, double Target, SloWindow Window, TimeSpan? Threshold, int? Priority, string? Description);

    private static Objective ReadObjective(MappingReader r)
    {
        var sli = r.Get(
            "sli", ScalarParsers.AsNullable<SliKind>(ScalarParsers.TryParseEnum), ScalarParsers.Allowed<SliKind>(), null, required: true);
        var target = ReadTarget(r);
        var window = r.Get("window", ScalarParsers.TryParseWindow, "use 28d (rolling days) or 4w-calendar (calendar weeks)", SloWindow.Rolling28Days);
        var threshold = r.Get("threshold", ScalarParsers.AsNullable<TimeSpan>(ScalarParsers.TryParseDuration), "use a duration like 1000ms or 1s", null);
        if (sli == SliKind.Latency && !r.Has("threshold"))
        {
            r.Error("missing required field 'threshold' (a latency SLI counts requests at most this slow as good)");
        }
        else if (sli is not null and not SliKind.Latency && r.Has("threshold"))
        {
            r.Error(r.LineOf("threshold"), $"{r.Context}: threshold applies only to latency SLIs");
        }
        var priority = r.Get<int?>("priority", ScalarParsers.TryParsePriority, "use P1 to P5, or leave it out for none", null);
        return new Objective(sli ?? SliKind.Availability, target, window, threshold, priority, r.String("description"));
    }

    /// <summary>The required target, strictly between 0 and 1: 0 and 1 would leave no budget or no objective.</summary>
    private static double ReadTarget(MappingReader r)
    {
        var text = r.RequiredString("target");
        if (text.Length == 0)
        {
            return double.NaN;
        }
        if (!ScalarParsers.TryParseRatio(text, out var target))
        {
            r.ValueError("target", $"invalid target '{text}'; {TargetSyntax}");
        }
        else if (target is <= 0 or >= 1)
        {
            r.ValueError("target", $"target '{text}' outside (0, 1); {TargetSyntax}");
        }
        return target;
    }

    private static Uri? ReadUrl(MappingReader r, string key) =>
        r.Get<Uri?>(key, ScalarParsers.TryParseHttpUrl, "an absolute http(s) URL is required", null);
}
