using Bot.Core.Delivery;

namespace Bot.Core.Tests.Delivery.Fakes;

/// <summary>
/// The outbox contract of <see cref="IOutbox"/> in memory: per destination in id order with the head blocking, due
/// times, attempts counted, and <see cref="CompleteAsync"/> keeping an update pending (or following a post with one)
/// when the incident changed after it was rendered.
/// </summary>
internal sealed class FakeOutbox(FakeIncidentStore incidents) : IOutbox
{
    private readonly List<Row> _rows = [];
    private readonly Dictionary<(long, string), ChatMessageRef> _messages = [];
    private readonly Lock _gate = new();
    private long _nextId;

    public sealed class Row(OutboxEntry entry)
    {
        public OutboxEntry Entry { get; set; } = entry;
        public string State { get; set; } = "pending";
        public string? Reason { get; set; }
        public DateTimeOffset? DoneAt { get; set; }
    }

    public IReadOnlyList<Row> Rows
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows];
            }
        }
    }

    public OutboxEntry Enqueue(string destinationKey, long incidentId, DeliveryKind kind, DateTimeOffset at, string? text = null)
    {
        lock (_gate)
        {
            var entry = new OutboxEntry(++_nextId, destinationKey, MessageSubject.Incident(incidentId), kind, text, 0, at, at);
            _rows.Add(new Row(entry));
            return entry;
        }
    }

    public Row RowOf(long entryId)
    {
        lock (_gate)
        {
            return _rows.Single(r => r.Entry.Id == entryId);
        }
    }

    public Task<IReadOnlyList<string>> DueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> due = [.. Heads().Where(h => h.DueAt <= now).OrderBy(h => h.DueAt).ThenBy(h => h.Id).Take(limit).Select(h => h.DestinationKey)];
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var heads = Heads().ToList();
            return Task.FromResult(heads.Count == 0 ? (DateTimeOffset?)null : heads.Min(h => h.DueAt));
        }
    }

    public Task<OutboxEntry?> HeadAsync(string destinationKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Heads().FirstOrDefault(h => h.DestinationKey == destinationKey));
        }
    }

    public Task CompleteAsync(OutboxEntry entry, ChatMessageRef? message, int renderedVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = PendingRow(entry);
            var current = incidents.VersionOf(entry.Subject.Id);
            var copyKey = (entry.Subject.Id, entry.DestinationKey);
            if (entry.Kind == DeliveryKind.Post && message is not null)
            {
                _messages[copyKey] = message;
            }
            else if (entry.Kind == DeliveryKind.Update && _messages.TryGetValue(copyKey, out var copy))
            {
                _messages[copyKey] = copy with { RenderedVersion = Math.Max(copy.RenderedVersion, renderedVersion) };
            }

            if (entry.Kind == DeliveryKind.Update && current > renderedVersion)
            {
                row.Entry = row.Entry with { DueAt = at };
                return Task.CompletedTask;
            }
            row.State = "delivered";
            row.DoneAt = at;
            var updatePending = _rows.Any(r => r.State == "pending" && r.Entry.Kind == DeliveryKind.Update
                && r.Entry.Subject.Id == entry.Subject.Id && r.Entry.DestinationKey == entry.DestinationKey);
            if (entry.Kind == DeliveryKind.Post && current > renderedVersion && !updatePending)
            {
                _rows.Add(new Row(new OutboxEntry(++_nextId, entry.DestinationKey, entry.Subject, DeliveryKind.Update, null, 0, at, at)));
            }
            return Task.CompletedTask;
        }
    }

    public Task RetryLaterAsync(OutboxEntry entry, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = PendingRow(entry);
            row.Entry = row.Entry with { Attempts = row.Entry.Attempts + 1, DueAt = dueAt };
            row.Reason = reason;
            return Task.CompletedTask;
        }
    }

    public Task FailAsync(OutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var row = PendingRow(entry);
            row.State = "failed";
            row.Reason = reason;
            row.DoneAt = at;
            return Task.CompletedTask;
        }
    }

    public Task<ChatMessageRef?> FindMessageAsync(MessageSubject subject, string destinationKey, CancellationToken cancellationToken)
    {
        var incidentId = subject.Id;
        lock (_gate)
        {
            return Task.FromResult(_messages.GetValueOrDefault((incidentId, destinationKey)));
        }
    }

    public Task<IReadOnlyList<ChatMessageRef>> MessagesOfAsync(MessageSubject subject, CancellationToken cancellationToken)
    {
        var incidentId = subject.Id;
        lock (_gate)
        {
            IReadOnlyList<ChatMessageRef> copies = [.. _messages.Values.Where(m => m.Subject.Id == incidentId)];
            return Task.FromResult(copies);
        }
    }

    public Task<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.Count(r => r.State == "pending"));
        }
    }

    private IEnumerable<OutboxEntry> Heads() =>
        _rows.Where(r => r.State == "pending").GroupBy(r => r.Entry.DestinationKey).Select(g => g.MinBy(r => r.Entry.Id)!.Entry);

    private Row PendingRow(OutboxEntry entry)
    {
        var row = _rows.Single(r => r.Entry.Id == entry.Id);
        if (row.State != "pending")
        {
            throw new InvalidOperationException($"Entry {entry.Id} was already {row.State}: delivered twice.");
        }
        return row;
    }
}
