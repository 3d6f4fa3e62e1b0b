using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Commands;

/// <summary>Who runs a command, and from which channel (whose team is the default for <c>ack</c> and <c>status</c>).</summary>
/// <param name="By">The person, as a catalog member when the platform's user id is in the catalog.</param>
/// <param name="ChannelTeamId">The team that owns the channel the command was typed in, if any.</param>
public sealed record CommandContext(Actor By, string? ChannelTeamId)
{
    /// <summary>
    /// The context for a platform user in a channel: the user becomes their catalog member (id and name) when the
    /// catalog knows their id on that platform; the channel's team comes from the catalog's destinations.
    /// </summary>
    public static CommandContext For(ServiceCatalog catalog, ChatPlatform platform, string userId, string? userName, string? destinationKey, ActionSource source)
    {
        var member = catalog.MembershipsOf(platform, userId).Select(m => m.Member).FirstOrDefault();
        var actor = member is null ? new Actor(userId, userName ?? userId, source) : new Actor(member.Id, member.DisplayName, source);
        return new CommandContext(actor, destinationKey is null ? null : catalog.TeamOwning(destinationKey)?.Id);
    }
}

/// <summary>The bot's answer to a command, as plain text with line breaks; adapters render it their way.</summary>
/// <param name="Succeeded">False for usage errors and refusals, which adapters show only to the person who asked.</param>
public sealed record CommandReply(bool Succeeded, string Text)
{
    /// <summary>For <c>status</c>: the report <see cref="Text"/> words, for adapters that show it as a table.</summary>
    public Slos.SloStatusReport? Status { get; init; }

    /// <summary>An incident action's outcome: done or already done is a success; not found or not allowed is not.</summary>
    public static CommandReply Of(IncidentActionResult result) =>
        new(result.Status is IncidentActionStatus.Done or IncidentActionStatus.AlreadyDone, result.Message);

    /// <summary>The answer to a verb whose feature is still to come.</summary>
    public static CommandReply NotAvailable(string verb) =>
        new(false, $"'{verb}' is not available yet in this version of SLO Bot. Try 'help' for what works today.");
}
