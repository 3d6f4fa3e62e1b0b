using Bot.Core.Delivery;
using Bot.Core.Incidents;

namespace Bot.Core.Tests.Delivery.Fakes;

/// <summary>The enqueue half of a write session over the fake outbox, with the SQL store's rules.</summary>
internal sealed class OutboxSession(FakeOutbox outbox, TimeProvider time) : IIncidentSession
{
    public Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
    {
        foreach (var key in destinationKeys.Where(key => !outbox.Rows.Any(r => r.Entry.Subject.Id == incidentId && r.Entry.DestinationKey == key && r.Entry.Kind == DeliveryKind.Post)))
        {
            outbox.Enqueue(key, incidentId, DeliveryKind.Post, time.GetUtcNow());
        }
        return Task.CompletedTask;
    }

    public Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken)
    {
        var posted = outbox.Rows.Where(r => r.Entry.Subject.Id == incidentId && r.Entry.Kind == DeliveryKind.Post && r.State != "failed").Select(r => r.Entry.DestinationKey).ToList();
        foreach (var key in posted)
        {
            var editPending = outbox.Rows.Any(r => r.Entry.Subject.Id == incidentId && r.Entry.DestinationKey == key
                && r.Entry.Kind is DeliveryKind.Post or DeliveryKind.Update && r.State == "pending");
            if (!editPending)
            {
                outbox.Enqueue(key, incidentId, DeliveryKind.Update, time.GetUtcNow());
            }
        }
        if (threadReply is not null)
        {
            foreach (var key in posted)
            {
                outbox.Enqueue(key, incidentId, DeliveryKind.Reply, time.GetUtcNow(), threadReply);
            }
        }
        return Task.CompletedTask;
    }

    public Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
    {
        var posted = outbox.Rows.Where(r => r.Entry.Subject.Id == incidentId && r.Entry.Kind == DeliveryKind.Post && r.State != "failed"
            && destinationKeys.Contains(r.Entry.DestinationKey)).Select(r => r.Entry.DestinationKey).ToList();
        foreach (var key in posted)
        {
            outbox.Enqueue(key, incidentId, DeliveryKind.Reply, time.GetUtcNow(), text);
        }
        return Task.CompletedTask;
    }

    public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SaveAsync(Incident incident, CancellationToken cancellationToken) => throw new NotSupportedException();
}
