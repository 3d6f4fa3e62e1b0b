using Bot.Core.Delivery;

namespace Bot.Persistence.Storage;

/// <summary>
/// The outbox table as a queue per destination. An entry is pending until it is delivered or failed; a
/// destination's head is its lowest pending id, and nothing behind the head goes before it. An entry's subject is an
/// incident (<c>incident_id</c>) or a notice (<c>notice_id</c>); their copies live in <c>chat_messages</c> and
/// <c>notice_messages</c> (<see cref="SubjectTables"/>).
/// </summary>
internal sealed class SqlOutbox(BotDatabase database) : IOutbox
{
    private const string EntryColumns =
        "id, destination_key AS destinationkey, incident_id AS incidentid, notice_id AS noticeid, kind, text, attempts, created_at AS createdat, due_at AS dueat";

    /// <summary>A copy's columns, after its subject column (aliased <c>subjectid</c>).</summary>
    private const string MessageColumns =
        "destination_key AS destinationkey, message_id AS messageid, thread_id AS threadid, rendered_version AS renderedversion, posted_at AS postedat, conversation_id AS conversationid";

    /// <summary>Pending rows that are the head of their destination (no lower pending id on it).</summary>
    private const string PendingHeads = """
        outbox.delivered_at IS NULL AND outbox.failed_at IS NULL
        AND NOT EXISTS (
            SELECT 1 FROM outbox AS earlier
            WHERE earlier.destination_key = outbox.destination_key AND earlier.id < outbox.id
              AND earlier.delivered_at IS NULL AND earlier.failed_at IS NULL)
        """;

    public Task<IReadOnlyList<string>> DueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return database.ReadAsync<IReadOnlyList<string>>(
            async session => [.. await session.QueryAsync<string>(
                $"SELECT outbox.destination_key FROM outbox WHERE outbox.due_at <= @now AND {PendingHeads} ORDER BY outbox.due_at, outbox.id LIMIT @limit",
                new { now, limit })],
            cancellationToken);
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async session => (await session.QuerySingleAsync<NextDueRow>($"SELECT MIN(outbox.due_at) AS due FROM outbox WHERE {PendingHeads}")).Due,
            cancellationToken);

    public Task<OutboxEntry?> HeadAsync(string destinationKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationKey);
        return database.ReadAsync(
            async session => (await session.QuerySingleOrDefaultAsync<EntryRow>(
                $"""
                SELECT {EntryColumns} FROM outbox
                WHERE destination_key = @destinationKey AND delivered_at IS NULL AND failed_at IS NULL
                ORDER BY id LIMIT 1
                """,
                new { destinationKey }))?.ToEntry(),
            cancellationToken);
    }

    public Task CompleteAsync(OutboxEntry entry, ChatMessageRef? message, int renderedVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == DeliveryKind.Post && message is null)
        {
            throw new ArgumentException("A delivered post needs the message it created.", nameof(message));
        }

        var t = SubjectTables.Of(entry.Subject);
        return database.WriteAsync(
            async session =>
            {
                // PostgreSQL: lock the subject before reading its version. A concurrent change either committed before
                // (we see its version) or waits for us and then sees this delivery, so it queues its own edit.
                var forUpdate = session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
                var version = await session.QuerySingleAsync<int>($"SELECT version FROM {t.Table} WHERE id = @SubjectId{forUpdate}", new { SubjectId = entry.Subject.Id });
                var behind = version > renderedVersion;
                var keys = new { entry.Id, SubjectId = entry.Subject.Id, entry.DestinationKey, renderedVersion, at };

                if (entry.Kind == DeliveryKind.Post)
                {
                    // A redelivered completion keeps the copy stored first: the message id is what later edits target.
                    await session.ExecuteAsync(
                        $"""
                        INSERT INTO {t.MessagesTable} ({t.Column}, destination_key, message_id, thread_id, rendered_version, posted_at, conversation_id)
                        VALUES (@SubjectId, @DestinationKey, @MessageId, @ThreadId, @renderedVersion, @PostedAt, @ConversationId)
                        ON CONFLICT ({t.Column}, destination_key) DO NOTHING
                        """,
                        new { SubjectId = entry.Subject.Id, entry.DestinationKey, message!.MessageId, message.ThreadId, renderedVersion, message.PostedAt, message.ConversationId });
                }

                if (entry.Kind is DeliveryKind.Post or DeliveryKind.Update)
                {
                    await session.ExecuteAsync(
                        $"""
                        UPDATE {t.MessagesTable} SET rendered_version = @renderedVersion
                        WHERE {t.Column} = @SubjectId AND destination_key = @DestinationKey AND rendered_version < @renderedVersion
                        """,
                        keys);
                }

                if (entry.Kind == DeliveryKind.Update && behind)
                {
                    // The copy is still behind: the same edit goes again at once, with the latest state.
                    await session.ExecuteAsync(
                        "UPDATE outbox SET due_at = @at, rendered_version = @renderedVersion WHERE id = @Id AND delivered_at IS NULL AND failed_at IS NULL",
                        keys);
                    return;
                }

                await session.ExecuteAsync(
                    """
                    UPDATE outbox SET delivered_at = @at, rendered_version = @renderedVersion
                    WHERE id = @Id AND delivered_at IS NULL AND failed_at IS NULL
                    """,
                    new { entry.Id, at, renderedVersion = entry.Kind == DeliveryKind.Reply ? (int?)null : renderedVersion });

                if (entry.Kind == DeliveryKind.Post && behind)
                {
                    // Edits were not queued while the post was pending (they coalesce into it); queue the one it now needs.
                    await OutboxQueue.EnqueueUpdatesAsync(session, entry.Subject, at, entry.DestinationKey);
                }
            },
            cancellationToken);
    }

    public Task RetryLaterAsync(OutboxEntry entry, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(reason);
        return database.WriteAsync(
            session => session.ExecuteAsync(
                """
                UPDATE outbox SET attempts = attempts + 1, due_at = @dueAt, last_error = @reason
                WHERE id = @Id AND delivered_at IS NULL AND failed_at IS NULL
                """,
                new { entry.Id, dueAt, reason }),
            cancellationToken);
    }

    public Task FailAsync(OutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(reason);
        return database.WriteAsync(
            session => session.ExecuteAsync(
                "UPDATE outbox SET failed_at = @at, last_error = @reason WHERE id = @Id AND delivered_at IS NULL AND failed_at IS NULL",
                new { entry.Id, at, reason }),
            cancellationToken);
    }

    public Task<ChatMessageRef?> FindMessageAsync(MessageSubject subject, string destinationKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationKey);
        var t = SubjectTables.Of(subject);
        return database.ReadAsync(
            async session => (await session.QuerySingleOrDefaultAsync<MessageRow>(
                $"SELECT {t.Column} AS subjectid, {MessageColumns} FROM {t.MessagesTable} WHERE {t.Column} = @SubjectId AND destination_key = @destinationKey",
                new { SubjectId = subject.Id, destinationKey }))?.ToMessage(subject.Kind),
            cancellationToken);
    }

    public Task<IReadOnlyList<ChatMessageRef>> MessagesOfAsync(MessageSubject subject, CancellationToken cancellationToken)
    {
        var t = SubjectTables.Of(subject);
        return database.ReadAsync<IReadOnlyList<ChatMessageRef>>(
            async session => [.. (await session.QueryAsync<MessageRow>(
                $"SELECT {t.Column} AS subjectid, {MessageColumns} FROM {t.MessagesTable} WHERE {t.Column} = @SubjectId ORDER BY posted_at, destination_key",
                new { SubjectId = subject.Id })).Select(row => row.ToMessage(subject.Kind))],
            cancellationToken);
    }

    public Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async session => (int)await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL"),
            cancellationToken);

    private sealed class EntryRow
    {
        public long Id { get; set; }
        public string DestinationKey { get; set; } = "";
        public long? IncidentId { get; set; }
        public long? NoticeId { get; set; }
        public string Kind { get; set; } = "";
        public string? Text { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }

        // The table's CHECK holds exactly one of the two.
        private MessageSubject Subject => IncidentId is { } incidentId ? MessageSubject.Incident(incidentId) : MessageSubject.Notice(NoticeId!.Value);

        public OutboxEntry ToEntry() => new(Id, DestinationKey, Subject, EnumText<DeliveryKind>.Parse(Kind), Text, Attempts, CreatedAt, DueAt);
    }

    private sealed class MessageRow
    {
        public long SubjectId { get; set; }
        public string DestinationKey { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? ThreadId { get; set; }
        public int RenderedVersion { get; set; }
        public DateTimeOffset PostedAt { get; set; }
        public string? ConversationId { get; set; }

        public ChatMessageRef ToMessage(SubjectKind kind) =>
            new(new MessageSubject(kind, SubjectId), DestinationKey, MessageId, ThreadId, RenderedVersion, PostedAt, ConversationId);
    }

    private sealed class NextDueRow
    {
        public DateTimeOffset? Due { get; set; }
    }
}
