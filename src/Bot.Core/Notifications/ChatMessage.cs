using Bot.Core.Delivery;

namespace Bot.Core.Notifications;

/// <summary>A message the bot posts and keeps up to date: an <see cref="IncidentMessage"/> or a <see cref="NoticeMessage"/>.</summary>
public abstract record ChatMessage
{
    /// <summary>What the message is about; buttons on it act on this subject.</summary>
    public abstract MessageSubject Subject { get; }
}
