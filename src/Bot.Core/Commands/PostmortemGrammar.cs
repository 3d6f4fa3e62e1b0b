namespace Bot.Core.Commands;

/// <summary>The <c>postmortem</c> verb: start, edit, schedule and list postmortems.</summary>
internal static class PostmortemGrammar
{
    public static BotCommand Parse(string[] args) => args is null ? new InvalidCommand("no arguments", "") : new NotAvailableCommand("postmortem");
}
