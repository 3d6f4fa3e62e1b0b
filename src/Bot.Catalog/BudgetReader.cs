using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Reads the teams' error budget policies (book ch. 10) and <c>defaults.budgetPriority</c>, the optional priority
/// of SLOs without one from their budget (book Tables 9.5/9.6).
/// </summary>
internal static partial class BudgetReader
{
    private static readonly string[] PolicyKeys = ["id", "team", "rings", "agreedBy", "escalateTo", "reviewOn", "conditions"];
    private static readonly string[] ConditionKeys = ["when", "consequence"];
    private static readonly string[] PriorityTableKeys = ["budgetLeft", "velocity"];

    /// <summary>The spans a condition may be measured over: the burn windows the SLI readers read (besides 5 m).</summary>
    private static readonly (string Text, TimeSpan Span)[] WithinSpans =
        [("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6)), ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7))];

    private const string WhenSyntax = "use exhausted, consumed <n>%, or consumed <n>% within 1h, 6h, 24h or 7d";
    private const string BudgetPriorityContext = "defaults.budgetPriority";

    public static BudgetPolicyDeclaration ReadPolicy(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(PolicyKeys);
        var team = r.Reference("team", required: true);
        var (rings, ringLines) = StakeholderReader.ReadRingNumbers(r);
        var agreedBy = r.String("agreedBy");
        var escalateTo = r.String("escalateTo");
        var reviewOn = r.Get("reviewOn", ScalarParsers.AsNullable<DateOnly>(ScalarParsers.TryParseDate), "use yyyy-MM-dd", null);

        var items = r.Items("conditions", "condition", required: true);
        if (r.Has("conditions") && items.Count == 0)
        {
            r.Error(r.LineOf("conditions"), $"{r.Context}: conditions must list at least one condition");
        }
        var conditions = new List<BudgetCondition>();
        var conditionLines = new Dictionary<string, SourceLine>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].NameAs($"{r.Context}: condition {i + 1}");
            if (ReadCondition(items[i]) is not { } condition)
            {
                continue;
            }
            // Two clauses on one condition would send two notices with different consequences for one crossing.
            if (conditionLines.TryGetValue(condition.Id, out var first))
            {
                items[i].Error(items[i].LineOf("when"), $"{items[i].Context}: duplicate condition '{condition.Id}', first declared at {first}");
            }
            else
            {
                conditionLines[condition.Id] = items[i].LineOf("when");
                conditions.Add(condition);
            }
        }
        var policy = new ErrorBudgetPolicy(id, team?.Value ?? string.Empty, conditions, rings, agreedBy, escalateTo, reviewOn);
        return new BudgetPolicyDeclaration(policy, r.At, team?.At ?? r.At, ringLines);
    }

    /// <summary>
    /// <c>exhausted</c>, <c>consumed 70%</c> or <c>consumed 30% within 24h</c>, with ids <c>exhausted</c>,
    /// <c>consumed-70</c> and <c>consumed-30-within-24h</c>.
    /// </summary>
    private static BudgetCondition? ReadCondition(MappingReader r)
    {
        r.RejectUnknownKeys(ConditionKeys);
        var when = r.RequiredString("when");
        var consequence = r.RequiredString("consequence");
        if (when.Length == 0)
        {
            return null;
        }
        var match = WhenPattern().Match(when);
        if (!match.Success)
        {
            r.ValueError("when", $"invalid when '{when}'; {WhenSyntax}");
            return null;
        }
        if (match.Groups["exhausted"].Success)
        {
            return new BudgetCondition("exhausted", BudgetConditionKind.Exhausted, 1.0, null, consequence);
        }
        var percent = decimal.Parse(match.Groups["percent"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (percent is <= 0 or > 100)
        {
            r.ValueError("when", $"invalid when '{when}'; the share consumed must be above 0% and at most 100%");
            return null;
        }
        var share = (double)(percent / 100);
        var id = $"consumed-{percent.ToString("0.####", CultureInfo.InvariantCulture)}";
        if (!match.Groups["within"].Success)
        {
            return new BudgetCondition(id, BudgetConditionKind.Consumed, share, null, consequence);
        }
        var withinText = match.Groups["within"].Value;
        var within = WithinSpans.FirstOrDefault(w => string.Equals(w.Text, withinText, StringComparison.OrdinalIgnoreCase));
        if (within.Text is null)
        {
            r.ValueError("when", $"invalid when '{when}'; within must be one of {string.Join(", ", WithinSpans.Select(w => w.Text))} (the burn windows the bot reads)");
            return null;
        }
        return new BudgetCondition($"{id}-within-{within.Text}", BudgetConditionKind.ConsumedWithin, share, within.Span, consequence);
    }

    /// <summary>
    /// <c>defaults.budgetPriority</c>: <c>book</c> (the book's tables), <c>off</c>, or explicit tables <c>budgetLeft</c>
    /// (<c>{ P1: 20%, … }</c>) and <c>velocity</c> (<c>{ P1: 75% in 5m, … }</c>). Null when invalid (reported).
    /// </summary>
    public static BudgetPriorityDeclaration? ReadBudgetPriority(MappingReader defaults)
    {
        const string Key = "budgetPriority";
        if (!defaults.HoldsMapping(Key))
        {
            var text = defaults.String(Key);
            switch (text?.Trim().ToLowerInvariant())
            {
                case null:
                    return null;
                case "book":
                    return new BudgetPriorityDeclaration(BudgetPriorityRules.Book, []);
                case "off":
                    return new BudgetPriorityDeclaration(null, []);
                default:
                    defaults.Error(defaults.LineOf(Key), $"{BudgetPriorityContext} has invalid value '{text}'; use book, off, or the tables budgetLeft and velocity");
                    return null;
            }
        }

        var r = defaults.Mapping(Key)!;
        r.RejectUnknownKeys(PriorityTableKeys);
        if (!r.Has("budgetLeft") && !r.Has("velocity"))
        {
            if (r.Keys().Count == 0)
            {
                r.Error(r.At, $"{BudgetPriorityContext} declares no table; declare budgetLeft, velocity or both, or write book or off");
            }
            return null;
        }
        var levels = new List<Located<int>>();
        var budgetLeft = Table<double>(r, "budgetLeft", levels, TryParseBudgetLeft, "write the share of the budget left, like 20%, above 0 and at most 100%");
        var velocity = Table<(double Share, TimeSpan Span)>(r, "velocity", levels, TryParseVelocity, "write the share of the budget and the time it burns in, like 75% in 5m");
        return new BudgetPriorityDeclaration(
            new BudgetPriorityRules([.. budgetLeft.Select(e => (e.Level, e.Value))], [.. velocity.Select(e => (e.Level, e.Value.Share, e.Value.Span))]),
            levels);
    }

    /// <summary>A table from priority (<c>P1</c>…<c>P5</c>) to a value, sorted by level.</summary>
    private static List<(int Level, T Value)> Table<T>(MappingReader budgetPriority, string key, List<Located<int>> levels, ScalarParser<T> parse, string expected)
    {
        var entries = new List<(int Level, T Value)>();
        if (budgetPriority.Mapping(key) is not { } table)
        {
            return entries;
        }
        var context = $"{BudgetPriorityContext}.{key}";
        foreach (var priority in table.Keys())
        {
            var at = table.LineOf(priority);
            if (!ScalarParsers.TryParsePriority(priority, out var level) || level is not { } l)
            {
                table.Error(at, $"{context} has invalid priority '{priority}'; use P1 to P5");
                continue;
            }
            if (entries.Exists(e => e.Level == l))
            {
                table.Error(at, $"{context} names {ScalarParsers.FormatPriority(l)} twice");
                continue;
            }
            // A list or mapping has been reported by String.
            if (table.String(priority) is not { } text)
            {
                if (!table.Has(priority))
                {
                    table.Error(at, $"{context} has no value for {priority}; {expected}");
                }
                continue;
            }
            if (!parse(text, out var value))
            {
                table.Error(at, $"{context} has invalid {priority} '{text}'; {expected}");
                continue;
            }
            entries.Add((l, value));
            levels.Add(new Located<int>(l, at));
        }
        return [.. entries.OrderBy(e => e.Level)];
    }

    private static bool TryParseBudgetLeft(string text, out double share) => TryParseShare(text, out share);

    private static bool TryParseVelocity(string text, out (double Share, TimeSpan Span) value)
    {
        value = default;
        var match = VelocityPattern().Match(text);
        if (!match.Success
            || !TryParseShare(match.Groups["share"].Value, out var share)
            || !ScalarParsers.TryParseDuration(match.Groups["span"].Value, out var span))
        {
            return false;
        }
        value = (share, span);
        return true;
    }

    /// <summary>A share of the budget, <c>20%</c> or <c>0.2</c>, in (0, 1].</summary>
    private static bool TryParseShare(string text, out double share) =>
        ScalarParsers.TryParseRatio(text, out share) && share is > 0 and <= 1;

    [GeneratedRegex(@"^\s*(?:(?<exhausted>exhausted)|consumed\s+(?<percent>[0-9]{1,3}(?:\.[0-9]+)?)\s*%(?:\s+within\s+(?<within>\S+))?)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WhenPattern();

    [GeneratedRegex(@"^\s*(?<share>\S+)\s+in\s+(?<span>\S+)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VelocityPattern();
}
