namespace Bot.Persistence;

/// <summary>One versioned schema change: embedded resource <c>Migrations/&lt;dialect&gt;/NNNN_name.sql</c>.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql);
