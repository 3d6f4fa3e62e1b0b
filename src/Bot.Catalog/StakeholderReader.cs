using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>Reads stakeholder groups, rings and priority definitions (book ch. 8 and Table 9.2).</summary>
internal static class StakeholderReader
{
    private static readonly string[] GroupKeys = ["id", "name", "geography", "products", "description", "destinations"];
    private static readonly string[] RingKeys = ["number", "name", "groups"];
    private static readonly string[] PriorityKeys =
        ["id", "name", "hotfix", "postmortemRequired", "managementNotified", "stakeholdersNotified", "statusUpdateInterval", "rings"];

    private const string Boolean = "use true or false";

    public static Located<StakeholderGroup> ReadGroup(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(GroupKeys);
        var group = new StakeholderGroup(
            id, r.String("name") ?? id, r.String("geography"), [.. r.Strings("products").Select(p => p.Value)], r.String("description"))
        {
            Destinations = DestinationReader.Read(r, required: false),
        };
        return new Located<StakeholderGroup>(group, r.At);
    }

    public static RingDeclaration ReadRing(MappingReader r)
    {
        var number = r.Get("number", ScalarParsers.TryParsePositive, "ring numbers are whole numbers from 1", 0, required: true);
        if (number > 0)
        {
            r.NameAs($"ring {number}");
        }
        r.RejectUnknownKeys(RingKeys);
        var groups = r.Strings("groups");
        var ring = new StakeholderRing(number, r.RequiredString("name"), [.. groups.Select(g => g.Value)]);
        return new RingDeclaration(ring, r.At, [.. groups.Select(g => g.At)]);
    }

    public static PriorityDeclaration ReadPriority(MappingReader r)
    {
        var level = r.Get<int?>("id", ScalarParsers.TryParsePriority, "use P1 to P5", null, required: true);
        if (level is { } l)
        {
            r.NameAs($"priority {ScalarParsers.FormatPriority(l)}");
        }
        r.RejectUnknownKeys(PriorityKeys);
        var (rings, ringLines) = ReadRingNumbers(r);
        var priority = new PriorityDefinition(
            level ?? 0,
            r.String("name") ?? ScalarParsers.FormatPriority(level ?? 0),
            r.Get("hotfix", ScalarParsers.TryParseBoolean, Boolean, false),
            r.Get("postmortemRequired", ScalarParsers.TryParseBoolean, Boolean, false),
            r.Get("managementNotified", ScalarParsers.TryParseBoolean, Boolean, false),
            r.Get("stakeholdersNotified", ScalarParsers.TryParseBoolean, Boolean, false),
            r.Get("statusUpdateInterval", ScalarParsers.AsNullable<TimeSpan>(ScalarParsers.TryParseDuration), "use a duration like 2h", null),
            rings);
        return new PriorityDeclaration(priority, r.At, ringLines);
    }

    /// <summary>The ring numbers under <c>rings</c>, each with its line for the check that the ring exists.</summary>
    public static (List<int> Rings, List<SourceLine> Lines) ReadRingNumbers(MappingReader r)
    {
        var rings = new List<int>();
        var lines = new List<SourceLine>();
        foreach (var text in r.Strings("rings"))
        {
            if (ScalarParsers.TryParsePositive(text.Value, out var ring))
            {
                rings.Add(ring);
                lines.Add(text.At);
            }
            else
            {
                r.Error(text.At, $"{r.Context} has invalid ring '{text.Value}'; ring numbers are whole numbers from 1");
            }
        }
        return (rings, lines);
    }
}
