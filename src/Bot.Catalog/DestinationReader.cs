using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Reads a <c>destinations</c> mapping (<c>slack</c>, <c>msTeams</c>, <c>console</c>): a team's, where its breaches
/// go, and a stakeholder group's, where it hears what concerns it.
/// </summary>
internal static class DestinationReader
{
    private static readonly string[] DestinationKeys = ["slack", "msTeams", "console"];
    private static readonly string[] MsTeamsDestinationKeys = ["teamId", "channelId", "tenantId"];

    /// <summary>
    /// The destinations under <c>destinations</c> of <paramref name="owner"/>. When <paramref name="required"/>, a
    /// missing or empty one is an error (a team must be reachable); otherwise only a declared but empty one is.
    /// </summary>
    public static List<ChatDestination> Read(MappingReader owner, bool required)
    {
        var destinations = new List<ChatDestination>();
        var declared = false;
        if (owner.Mapping("destinations") is { } r)
        {
            r.RejectUnknownKeys(DestinationKeys);
            declared = DestinationKeys.Any(r.Has);
            if (r.Get<string?>("slack", ScalarParsers.TryParseSlackChannelId, "a Slack channel id looks like C0123ABCD", null) is { } slack)
            {
                destinations.Add(new ChatDestination(ChatPlatform.Slack, slack));
            }
            if (r.Mapping("msTeams") is { } msTeams)
            {
                msTeams.RejectUnknownKeys(MsTeamsDestinationKeys);
                const string ThreadId = "a Teams id looks like 19:…@thread.tacv2";
                var teamId = msTeams.Get("teamId", ScalarParsers.TryParseMsTeamsThreadId, ThreadId, string.Empty, required: true);
                var channelId = msTeams.Get("channelId", ScalarParsers.TryParseMsTeamsThreadId, ThreadId, string.Empty, required: true);
                var tenantId = msTeams.Get<string?>("tenantId", ScalarParsers.TryParseGuid, "a tenant id is a GUID", null);
                destinations.Add(new ChatDestination(ChatPlatform.MsTeams, channelId, teamId, tenantId));
            }
            if (r.Get<string?>("console", ScalarParsers.TryParseConsoleChannel, "use lower-case letters, digits, '-' and '_'", null) is { } console)
            {
                destinations.Add(new ChatDestination(ChatPlatform.Console, console));
            }
            // With only unknown keys, the unknown-key error says it all.
            if (!declared && !required && r.Keys().Count == 0)
            {
                owner.Error(owner.LineOf("destinations"), $"{owner.Context}: destinations names no platform; declare at least one of destinations.slack, destinations.msTeams, destinations.console, or leave destinations out");
            }
        }
        // Not a plain required field: without any destination the YAML is fine, but the bot could never tell
        // the team about a breach. (A declared but invalid destination has been reported already.)
        if (!declared && required)
        {
            owner.Error("no destination; declare at least one of destinations.slack, destinations.msTeams, destinations.console");
        }
        return destinations;
    }
}
