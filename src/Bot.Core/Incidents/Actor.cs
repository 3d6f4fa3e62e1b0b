namespace Bot.Core.Incidents;

/// <summary>Who did something to an incident, and through what.</summary>
/// <param name="Id">The catalog member id for people; the source or job name otherwise.</param>
public sealed record Actor(string Id, string Name, ActionSource Source)
{
    public static Actor Webhook(string source) => new(source, source, ActionSource.Webhook);
}

/// <summary>Where an action came from.</summary>
public enum ActionSource
{
    Webhook,
    Console,
    Slack,
    MsTeams,
    Scheduler,
    Api,
}
