namespace Bot.Host.LocalConsole;

/// <summary>The <c>Console</c> section: who may use the console API.</summary>
internal sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>Shortest token accepted, as for <c>Admin:Token</c>, so that a placeholder fails at start.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token console requests must carry. Unset (the default): the console answers only requests from
    /// this machine. A secret: set it from the environment (<c>Console__Token</c>).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Keeps the console destinations on while Slack or Teams is configured too (read where the active platforms
    /// are decided, in <c>AddIncidents</c>); the console API answers either way.
    /// </summary>
    public bool Enabled { get; set; }

    public bool IsTokenConfigured => !string.IsNullOrEmpty(Token);
}
