namespace Bot.MsTeams.Fake;

/// <summary>Placeholder until the fake is written.</summary>
public sealed class FakeTeams;
