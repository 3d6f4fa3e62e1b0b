using System.Globalization;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>Reads rotations, escalation policies and out-of-hours routes: their shape only; the on-call feature gives them behaviour.</summary>
internal static class OnCallReader
{
    private static readonly string[] RotationKeys =
        ["id", "name", "team", "shape", "period", "handoffDay", "handoffTime", "timeZone", "startDate", "participants", "coverage", "escalationPolicy"];
    private static readonly string[] CoverageKeys = ["days", "from", "to"];
    private static readonly string[] PolicyKeys = ["id", "name", "team", "steps", "repeat"];
    private static readonly string[] StepKeys = ["notify", "rotation", "member", "team", "destination", "ackTimeout"];
    private static readonly string[] StepTargetKeys = ["rotation", "member", "team", "destination"];
    private static readonly string[] OutOfHoursKeys = ["region", "rotation"];

    private const string DestinationSyntax =
        "a destination key is slack:<channel id>, msteams:<19:…@thread.tacv2> or console:<channel name>; to page a person use notify: member";

    /// <summary>The book's sample policy repeats up to three times; more than ten is surely a typo.</summary>
    private const int MaxRepeat = 10;

    public static RotationDeclaration ReadRotation(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(RotationKeys);
        var name = r.String("name") ?? id;
        var team = r.Reference("team", required: true);
        var shape = r.Get("shape", ScalarParsers.AsNullable<RotationShape>(ScalarParsers.TryParseEnum), ScalarParsers.Allowed<RotationShape>(), null, required: true);
        var period = r.Get("period", ScalarParsers.TryParseWholeDays, "a shift lasts a whole number of days, like 7d or 14d", TimeSpan.FromDays(7));
        var startDate = r.Get("startDate", ScalarParsers.AsNullable<DateOnly>(ScalarParsers.TryParseDate), "use yyyy-MM-dd", null, required: true);
        var handoffDay = r.Get("handoffDay", ScalarParsers.AsNullable<DayOfWeek>(ScalarParsers.TryParseDay), "use a day name like monday", null);
        if (handoffDay is { } day && startDate is { } start && period.Days % 7 == 0 && start.DayOfWeek != day)
        {
            // The start date anchors the schedule, so for weekly periods it must itself be a handoff day.
            r.Error(r.LineOf("startDate"), $"{r.Context}: startDate {start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is a {start.DayOfWeek}, but handoffDay is {day}");
        }
        var handoffTime = r.Get("handoffTime", ScalarParsers.TryParseTime, "use HH:mm", new TimeOnly(9, 0));
        var timeZone = CatalogFileReader.ReadTimeZone(r);

        var participants = r.Strings("participants", required: true);
        foreach (var repeated in participants.GroupBy(p => p.Value).Where(g => g.Count() > 1))
        {
            r.Error(repeated.ElementAt(1).At, $"{r.Context}: participant '{repeated.Key}' is listed twice");
        }
        if (shape is { } s && r.Has("participants") && ParticipantsNeeded(s, participants.Count) is { } needed)
        {
            r.Error(r.LineOf("participants"), $"{r.Context}: shape {ScalarParsers.CamelCase(s)} needs {needed}, found {participants.Count}");
        }

        var policy = r.Reference("escalationPolicy");
        var rotation = new Rotation(
            id,
            name,
            team?.Value ?? string.Empty,
            shape ?? RotationShape.OnePersonRotating,
            period,
            handoffDay ?? startDate?.DayOfWeek ?? DayOfWeek.Monday,
            handoffTime,
            timeZone,
            startDate ?? default,
            [.. participants.Select(p => p.Value)],
            ReadCoverage(r),
            policy?.Value);
        return new RotationDeclaration(rotation, r.At, team?.At ?? r.At, [.. participants.Select(p => p.At)], policy?.At ?? r.At);
    }

    /// <summary>How many people each shape of the book's Tables 7.3–7.6 takes; null when the count fits.</summary>
    private static string? ParticipantsNeeded(RotationShape shape, int count) => shape switch
    {
        // A fixed rotation with more people would silently never use the others.
        RotationShape.OnePersonFixed when count != 1 => "exactly 1 participant",
        RotationShape.OnePersonRotating when count < 1 => "at least 1 participant",
        RotationShape.MainBackupSwap when count != 2 => "exactly 2 participants",
        RotationShape.MainTwoBackups when count < 3 => "at least 3 participants",
        _ => null,
    };

    private static CoverageWindow? ReadCoverage(MappingReader rotation)
    {
        if (rotation.Mapping("coverage") is not { } r)
        {
            return null;
        }
        r.RejectUnknownKeys(CoverageKeys);
        var days = new List<DayOfWeek>();
        foreach (var text in r.Strings("days", required: true))
        {
            if (!ScalarParsers.TryParseDay(text.Value, out var day))
            {
                r.Error(text.At, $"{r.Context} has invalid coverage.days '{text.Value}'; use day names like monday");
            }
            else if (!days.Contains(day))
            {
                days.Add(day);
            }
        }
        var from = r.Get("from", ScalarParsers.AsNullable<TimeOnly>(ScalarParsers.TryParseTime), "use HH:mm", null, required: true);
        var to = r.Get("to", ScalarParsers.AsNullable<TimeOnly>(ScalarParsers.TryParseTime), "use HH:mm", null, required: true);
        if (from is not null && from == to)
        {
            r.Error(r.LineOf("to"), $"{r.Context}: coverage.from and coverage.to are equal; leave coverage out for around-the-clock duty");
        }
        return new CoverageWindow(days, from ?? default, to ?? default);
    }

    public static PolicyDeclaration ReadPolicy(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(PolicyKeys);
        var name = r.String("name") ?? id;
        var team = r.Reference("team", required: true);
        var repeat = r.Get("repeat", TryParseRepeat, $"a whole number of repeats from 0 to {MaxRepeat}", 1);

        var items = r.Items("steps", "step", required: true);
        if (r.Has("steps") && items.Count == 0)
        {
            r.Error(r.LineOf("steps"), $"{r.Context}: steps must list at least one step");
        }
        var steps = new List<EscalationStep>();
        var targetLines = new List<SourceLine>();
        for (var i = 0; i < items.Count; i++)
        {
            items[i].NameAs($"{r.Context}: step {i + 1}");
            var (step, at) = ReadStep(items[i], team?.Value);
            steps.Add(step);
            targetLines.Add(at);
        }
        return new PolicyDeclaration(new EscalationPolicy(id, name, team?.Value ?? string.Empty, steps, repeat), r.At, team?.At ?? r.At, targetLines);
    }

    private static bool TryParseRepeat(string text, out int value) => ScalarParsers.TryParseCount(text, out value) && value <= MaxRepeat;

    /// <summary>
    /// A step names its target by the key that fits <c>notify</c>: <c>rotation</c> for rotationMain and
    /// rotationBackup, <c>member</c>, <c>team</c> (the policy's own team when left out), or <c>destination</c>.
    /// </summary>
    private static (EscalationStep Step, SourceLine TargetAt) ReadStep(MappingReader s, string? policyTeam)
    {
        s.RejectUnknownKeys(StepKeys);
        var target = s.Get(
            "notify", ScalarParsers.AsNullable<EscalationTarget>(ScalarParsers.TryParseEnum), ScalarParsers.Allowed<EscalationTarget>(), null, required: true);
        var targetKey = target switch
        {
            EscalationTarget.RotationMain or EscalationTarget.RotationBackup => "rotation",
            EscalationTarget.Member => "member",
            EscalationTarget.Team => "team",
            EscalationTarget.Destination => "destination",
            _ => null,
        };
        if (target is { } notify)
        {
            foreach (var key in StepTargetKeys.Where(k => k != targetKey && s.Has(k)))
            {
                s.Error(s.LineOf(key), $"{s.Context}: '{key}' does not apply to notify: {ScalarParsers.CamelCase(notify)}");
            }
        }
        var targetId = targetKey switch
        {
            null => null,
            // A destination key is checked here, alone; nothing else in the catalog has to declare it.
            "destination" => s.Get<string?>("destination", ScalarParsers.TryParseDestinationKey, DestinationSyntax, null, required: true) is { } key
                ? new Located<string>(key, s.LineOf("destination"))
                : null,
            _ => s.Reference(targetKey, required: targetKey != "team"),
        };
        var ackTimeout = s.Get("ackTimeout", ScalarParsers.TryParseDuration, "use a duration like 30m or 1h", TimeSpan.Zero, required: true);
        var id = targetId?.Value ?? (target == EscalationTarget.Team ? policyTeam : null);
        return (new EscalationStep(target ?? EscalationTarget.RotationMain, id, ackTimeout), targetId?.At ?? s.At);
    }

    /// <summary>
    /// One out-of-hours route: alerts from <c>region</c> go to <c>rotation</c> while the owning team is off duty.
    /// Named by its region, which is what makes it unique.
    /// </summary>
    public static OutOfHoursDeclaration ReadOutOfHours(MappingReader r)
    {
        var region = r.RequiredString("region");
        if (region.Length > 0)
        {
            r.NameAs($"out-of-hours route '{region}'");
        }
        r.RejectUnknownKeys(OutOfHoursKeys);
        var rotation = r.Reference("rotation", required: true);
        return new OutOfHoursDeclaration(new OutOfHoursRoute(region, rotation?.Value ?? string.Empty), r.At, rotation?.At ?? r.At);
    }
}
