namespace Bot.Core.Commands;

/// <summary>The <c>action</c> verb: postmortem action items.</summary>
internal static class ActionItemGrammar
{
    public static BotCommand Parse(string[] args) => args is null ? new InvalidCommand("no arguments", "") : new NotAvailableCommand("action");
}
