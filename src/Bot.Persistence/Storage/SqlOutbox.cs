using Bot.Core.Delivery;

namespace Bot.Persistence.Storage;

/// <summary>
/// The outbox table as a queue per destination. An entry is pending until it is delivered or failed; a
/// destination's head is its lowest pending id, and nothing behind the head goes before it.
/// </summary>
internal sealed class SqlOutbox(BotDatabase database) : IOutbox
{
    private const string EntryColumns =
        "id, destination_key AS destinationkey, incident_id AS incidentid, kind, text, attempts, created_at AS createdat, due_at AS dueat";

    private const string MessageColumns =
        "incident_id AS incidentid, destination_key AS destinationkey, message_id AS messageid, thread_id AS threadid, rendered_version AS renderedversion, posted_at AS postedat";

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

        return database.WriteAsync(
            async session =>
            {
                // PostgreSQL: lock the incident before reading its version. A concurrent change either committed
                // before (we see its version) or waits for us and then sees this delivery, so it queues its own edit.
                var forUpdate = session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
                var version = await session.QuerySingleAsync<int>($"SELECT version FROM incidents WHERE id = @IncidentId{forUpdate}", new { IncidentId = entry.Subject.Id });
                var behind = version > renderedVersion;
                var keys = new { entry.Id, IncidentId = entry.Subject.Id, entry.DestinationKey, renderedVersion, at };

                if (entry.Kind == DeliveryKind.Post)
                {
                    // A redelivered completion keeps the copy stored first: the message id is what later edits target.
                    await session.ExecuteAsync(
                        """
                        INSERT INTO chat_messages (incident_id, destination_key, message_id, thread_id, rendered_version, posted_at)
                        VALUES (@IncidentId, @DestinationKey, @MessageId, @ThreadId, @renderedVersion, @PostedAt)
                        ON CONFLICT (incident_id, destination_key) DO NOTHING
                        """,
                        new { IncidentId = entry.Subject.Id, entry.DestinationKey, message!.MessageId, message.ThreadId, renderedVersion, message.PostedAt });
                }

                if (entry.Kind is DeliveryKind.Post or DeliveryKind.Update)
                {
                    await session.ExecuteAsync(
                        """
                        UPDATE chat_messages SET rendered_version = @renderedVersion
                        WHERE incident_id = @IncidentId AND destination_key = @DestinationKey AND rendered_version < @renderedVersion
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
                    await session.ExecuteAsync(
                        """
                        INSERT INTO outbox (destination_key, incident_id, kind, attempts, created_at, due_at)
                        SELECT @DestinationKey, @IncidentId, 'update', 0, @at, @at
                        WHERE NOT EXISTS (
                            SELECT 1 FROM outbox
                            WHERE incident_id = @IncidentId AND destination_key = @DestinationKey AND kind IN ('post', 'update')
                              AND delivered_at IS NULL AND failed_at IS NULL)
                        """,
                        keys);
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
        var incidentId = subject.Id;
        ArgumentException.ThrowIfNullOrEmpty(destinationKey);
        return database.ReadAsync(
            async session => (await session.QuerySingleOrDefaultAsync<MessageRow>(
                $"SELECT {MessageColumns} FROM chat_messages WHERE incident_id = @incidentId AND destination_key = @destinationKey",
                new { incidentId, destinationKey }))?.ToMessage(),
            cancellationToken);
    }

    public Task<IReadOnlyList<ChatMessageRef>> MessagesOfAsync(MessageSubject subject, CancellationToken cancellationToken) =>
        MessagesOfAsync(subject.Id, cancellationToken);

    private Task<IReadOnlyList<ChatMessageRef>> MessagesOfAsync(long incidentId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ChatMessageRef>>(
            async session => [.. (await session.QueryAsync<MessageRow>(
                $"SELECT {MessageColumns} FROM chat_messages WHERE incident_id = @incidentId ORDER BY posted_at, destination_key",
                new { incidentId })).Select(row => row.ToMessage())],
            cancellationToken);

    public Task<int> PendingCountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async session => (int)await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL"),
            cancellationToken);

    private sealed class EntryRow
    {
        public long Id { get; set; }
        public string DestinationKey { get; set; } = "";
        public long IncidentId { get; set; }
        public string Kind { get; set; } = "";
        public string? Text { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }

        public OutboxEntry ToEntry() => new(Id, DestinationKey, MessageSubject.Incident(IncidentId), EnumText<DeliveryKind>.Parse(Kind), Text, Attempts, CreatedAt, DueAt);
    }

    private sealed class MessageRow
    {
        public long IncidentId { get; set; }
        public string DestinationKey { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? ThreadId { get; set; }
        public int RenderedVersion { get; set; }
        public DateTimeOffset PostedAt { get; set; }

        public ChatMessageRef ToMessage() => new(MessageSubject.Incident(IncidentId), DestinationKey, MessageId, ThreadId, RenderedVersion, PostedAt);
    }

    private sealed class NextDueRow
    {
        public DateTimeOffset? Due { get; set; }
    }
}
