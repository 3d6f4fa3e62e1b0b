namespace Bot.Slack.Fake;

/// <summary>A fake Slack Web API on loopback; filled in by the fake's author.</summary>
public sealed class FakeSlack;
