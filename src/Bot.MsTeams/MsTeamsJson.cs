using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.MsTeams;

/// <summary>How Bot Framework JSON is written and read: camelCase, nulls left out.</summary>
internal static class MsTeamsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
