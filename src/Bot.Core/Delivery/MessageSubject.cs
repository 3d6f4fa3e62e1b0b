namespace Bot.Core.Delivery;

/// <summary>What a chat message is about: an incident, or a notice (a handoff prompt, a cover request).</summary>
public enum SubjectKind
{
    Incident,
    Notice,
}

/// <summary>
/// Names what an outbox entry or a posted copy belongs to. Incidents and notices are delivered by the same outbox,
/// in one order per destination and under one rate limit.
/// </summary>
public readonly record struct MessageSubject(SubjectKind Kind, long Id)
{
    public static MessageSubject Incident(long id) => new(SubjectKind.Incident, id);

    public static MessageSubject Notice(long id) => new(SubjectKind.Notice, id);

    public override string ToString() => Kind == SubjectKind.Incident ? $"incident {Id}" : $"notice {Id}";
}
