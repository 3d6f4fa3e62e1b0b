namespace Bot.Core.Commands;

/// <summary>The <c>subscribe</c>, <c>unsubscribe</c> and <c>notify</c> verbs (stakeholder notifications, book ch. 8).</summary>
internal static class StakeholderGrammar
{
    public static BotCommand Parse(string verb, string[] args) => args is null ? new InvalidCommand("no arguments", "") : new NotAvailableCommand(verb);
}
