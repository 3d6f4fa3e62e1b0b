using Bot.Core.Delivery;

namespace Bot.Persistence.Storage;

/// <summary>
/// Where the rows of a message subject live: the table holding its version, the column naming it in <c>outbox</c> and
/// in its copies' table, and that table. SQL about either subject is written once with these names; they are
/// constants of this class, never input.
/// </summary>
internal sealed record SubjectTables(SubjectKind Kind, string Table, string Column, string MessagesTable)
{
    public static readonly SubjectTables Incidents = new(SubjectKind.Incident, "incidents", "incident_id", "chat_messages");

    public static readonly SubjectTables Notices = new(SubjectKind.Notice, "notices", "notice_id", "notice_messages");

    public static SubjectTables Of(MessageSubject subject) => subject.Kind switch
    {
        SubjectKind.Incident => Incidents,
        SubjectKind.Notice => Notices,
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject.Kind, "Unknown message subject."),
    };
}
