using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Storage;

namespace Bot.Core.Delivery;

/// <summary>
/// Delivers the outbox to the chat platforms. Per destination strictly in order, one entry at a time, no faster than
/// the platform accepts (<see cref="IChatChannel.MessagesPerSecond"/>, and never before a <c>Retry-After</c>);
/// destinations are independent and delivered concurrently, so one failing channel holds back only itself.
/// Each entry renders its subject's (incident's or notice's) latest state when it goes out, so coalesced updates show the newest version.
/// </summary>
/// <remarks>
/// <para>The host drives it from one background loop; passes must not overlap:</para>
/// <code>
/// while (!stoppingToken.IsCancellationRequested)
/// {
///     try
///     {
///         var pass = await dispatcher.RunOnceAsync(stoppingToken);
///         foreach (var outcome in pass.Outcomes) { /* log by outcome.Status */ }
///         await signal.WaitAsync(await dispatcher.TimeUntilNextAsync(stoppingToken), stoppingToken);
///     }
///     catch (Exception e) when (e is not OperationCanceledException) // the outbox itself is unreachable
///     {
///         /* log */ await signal.WaitAsync(options.PollInterval, stoppingToken);
///     }
/// }
/// </code>
/// <para>
/// Decisions: a failed attempt is retried for ever (capped backoff) since an alert must never be lost; an entry is
/// given up only when it can never be delivered: the platform rejected it, its platform is off (no
/// <see cref="IChatChannel"/> registered for it), the message to edit or reply to was never posted, or the incident is gone.
/// </para>
/// </remarks>
public sealed class DeliveryDispatcher
{
    private readonly IOutbox _outbox;
    private readonly IIncidentStore _incidents;
    private readonly INoticeStore _notices;
    private readonly CatalogHolder _catalog;
    private readonly Dictionary<ChatPlatform, IChatChannel> _channels = [];
    private readonly DestinationDirectory _directory;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly DeliveryBackoff _backoff;
    private readonly DestinationRateLimiter _limiter = new();
    private int _running;

    /// <param name="random">The jitter source; <see cref="Random.Shared"/> unless a test seeds one.</param>
    public DeliveryDispatcher(
        IOutbox outbox,
        IIncidentStore incidents,
        INoticeStore notices,
        CatalogHolder catalog,
        IEnumerable<IChatChannel> channels,
        DestinationDirectory directory,
        DeliveryOptions options,
        TimeProvider time,
        Random? random = null)
    {
        _outbox = outbox;
        _incidents = incidents;
        _notices = notices;
        _catalog = catalog;
        _directory = directory;
        _options = options;
        _time = time;
        _backoff = new DeliveryBackoff(options, random ?? Random.Shared);
        foreach (var channel in channels)
        {
            if (!_channels.TryAdd(channel.Platform, channel))
            {
                throw new ArgumentException($"Two chat channels are registered for {channel.Platform}.", nameof(channels));
            }
        }
    }

    /// <summary>
    /// Delivers what is due now: for each due destination whose rate allows, its head entry, then the next ones while the
    /// rate still allows (an unlimited console drains up to <see cref="DeliveryOptions.MaxEntriesPerPass"/>). Throws only
    /// when the outbox cannot list due destinations; a failure within one destination is reported as
    /// <see cref="DeliveryStatus.Faulted"/> and pauses that destination for a poll interval.
    /// </summary>
    public async Task<DispatchPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("A delivery pass is already running; run passes from one loop.");
        }
        try
        {
            var now = _time.GetUtcNow();
            _limiter.Prune(now);
            var due = await _outbox.DueDestinationsAsync(now, _options.DueBatchSize, cancellationToken);
            var ready = due.Where(key => _limiter.AllowedAt(key) <= now).ToList();
            var outcomes = new IReadOnlyList<DeliveryOutcome>[ready.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, ready.Count), parallel, async (i, ct) => outcomes[i] = await DrainAsync(ready[i], ct));
            return new DispatchPass([.. outcomes.SelectMany(o => o)]);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// How long the loop may sleep before the next pass has work: zero when a due destination may be sent to now; the
    /// time until the next entry falls due or a paced destination is allowed again; never more than the poll interval.
    /// </summary>
    public async Task<TimeSpan> TimeUntilNextAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var nextDue = await _outbox.NextDueAsync(cancellationToken);
        TimeSpan wait;
        if (nextDue is null)
        {
            wait = _options.PollInterval;
        }
        else if (nextDue > now)
        {
            wait = nextDue.Value - now;
        }
        else
        {
            // Something is due; it may be waiting only for its destination's turn.
            var due = await _outbox.DueDestinationsAsync(now, _options.DueBatchSize, cancellationToken);
            var allowedAt = due.Count == 0 ? now : due.Min(_limiter.AllowedAt);
            wait = allowedAt > now ? allowedAt - now : TimeSpan.Zero;
        }
        return wait < _options.PollInterval ? wait : _options.PollInterval;
    }

    private async Task<IReadOnlyList<DeliveryOutcome>> DrainAsync(string destinationKey, CancellationToken cancellationToken)
    {
        var outcomes = new List<DeliveryOutcome>();
        try
        {
            for (var n = 0; n < _options.MaxEntriesPerPass; n++)
            {
                var now = _time.GetUtcNow();
                if (_limiter.AllowedAt(destinationKey) > now)
                {
                    break;
                }
                var entry = await _outbox.HeadAsync(destinationKey, cancellationToken);
                if (entry is null || entry.DueAt > now)
                {
                    break;
                }
                var outcome = await DeliverAsync(entry, cancellationToken);
                outcomes.Add(outcome);
                if (outcome.Status == DeliveryStatus.Retrying)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _limiter.PauseUntil(destinationKey, _time.GetUtcNow() + _options.PollInterval);
            outcomes.Add(DeliveryOutcome.Fault(destinationKey, e));
        }
        return outcomes;
    }

    private async Task<DeliveryOutcome> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var key = entry.DestinationKey;
        if (_directory.Resolve(key) is not { } destination)
        {
            return await GiveUpAsync(entry, $"'{key}' is not a destination key this bot writes.", cancellationToken);
        }
        if (!_channels.TryGetValue(destination.Platform, out var channel))
        {
            return await GiveUpAsync(entry, $"{destination.Platform} is off (not configured), so nothing can be delivered to {key}.", cancellationToken);
        }

        ChatMessageRef? posted = null;
        if (entry.Kind != DeliveryKind.Post)
        {
            posted = await _outbox.FindMessageAsync(entry.Subject, key, cancellationToken);
            if (posted is null)
            {
                var what = entry.Kind == DeliveryKind.Update ? "edit" : "reply to";
                return await GiveUpAsync(entry, $"{Capitalized(entry.Subject)} was never posted to {key} (its post failed), so there is no message to {what}.", cancellationToken);
            }
        }

        Func<CancellationToken, Task<DeliveryResult>> send;
        int renderedVersion;
        if (entry.Kind == DeliveryKind.Reply)
        {
            if (string.IsNullOrEmpty(entry.Text))
            {
                return await GiveUpAsync(entry, "A thread reply without text.", cancellationToken);
            }
            var text = ChatText.Of(entry.Text, _catalog.Current);
            renderedVersion = posted!.RenderedVersion;
            send = ct => channel.ReplyAsync(destination, posted, text, ct);
        }
        else
        {
            if (await RenderAsync(entry.Subject, cancellationToken) is not { } rendered)
            {
                return await GiveUpAsync(entry, $"{Capitalized(entry.Subject)} does not exist.", cancellationToken);
            }
            var (message, version) = rendered;
            renderedVersion = version;
            if (posted is not null && posted.RenderedVersion >= renderedVersion)
            {
                // The copy already shows this state (an earlier edit rendered it): spend no rate on a no-op edit.
                await _outbox.CompleteAsync(entry, null, posted.RenderedVersion, _time.GetUtcNow(), cancellationToken);
                return DeliveryOutcome.Of(DeliveryStatus.Delivered, entry);
            }
            send = posted is null
                ? ct => channel.PostAsync(destination, message, ct)
                : ct => channel.UpdateAsync(destination, posted, message, ct);
        }

        _limiter.Take(key, channel.MessagesPerSecond, _time.GetUtcNow());
        DeliveryResult result;
        try
        {
            result = await send(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A network error or a timeout: the platform may be back in a moment.
            result = new DeliveryResult.RetryLater(null, $"{e.GetType().Name}: {e.Message}");
        }

        var at = _time.GetUtcNow();
        switch (result)
        {
            case DeliveryResult.Delivered delivered:
                var copy = entry.Kind == DeliveryKind.Post
                    ? new ChatMessageRef(entry.Subject, key, delivered.MessageId, delivered.ThreadId, renderedVersion, at, delivered.ConversationId)
                    : null;
                await _outbox.CompleteAsync(entry, copy, renderedVersion, at, cancellationToken);
                return DeliveryOutcome.Of(DeliveryStatus.Delivered, entry);
            case DeliveryResult.RetryLater later:
                if (later.RetryAfter is { } retryAfter)
                {
                    _limiter.PauseUntil(key, at + retryAfter);
                }
                var delay = _backoff.After(entry.Attempts + 1, later.RetryAfter);
                await _outbox.RetryLaterAsync(entry, at + delay, later.Error, cancellationToken);
                return DeliveryOutcome.Of(DeliveryStatus.Retrying, entry, later.Error, delay);
            case DeliveryResult.Rejected rejected:
                var failed = await GiveUpAsync(entry, rejected.Error, cancellationToken);
                if (entry.Kind == DeliveryKind.Post && entry.Subject.Kind == SubjectKind.Incident && !destination.IsDirect)
                {
                    await RerouteToFallbackAsync(entry, rejected.Error, cancellationToken);
                }
                return failed;
            default:
                throw new InvalidOperationException($"Unknown delivery result {result.GetType().Name}.");
        }
    }

    /// <summary>The subject's message in its latest state and that state's version, or null when the subject is gone.</summary>
    private async Task<(ChatMessage Message, int Version)?> RenderAsync(MessageSubject subject, CancellationToken cancellationToken)
    {
        if (subject.Kind == SubjectKind.Notice)
        {
            return await _notices.FindAsync(subject.Id, cancellationToken) is { } notice
                ? (notice.Message.WithPeople(_catalog.Current), notice.Version)
                : null;
        }
        return await _incidents.FindAsync(subject.Id, cancellationToken) is { } details
            ? (IncidentMessage.For(details.Incident, _catalog.Current), details.Incident.Version)
            : null;
    }

    private static string Capitalized(MessageSubject subject) => subject.Kind == SubjectKind.Incident ? $"Incident {subject.Id}" : $"Notice {subject.Id}";

    /// <summary>
    /// An incident's post the platform refused for good (channel not found, bot not in channel) must not leave the
    /// incident unseen: it goes to the fallback destinations too, with a thread note saying where it could not go and
    /// why. (A notice or a direct message is not rerouted: the team channel copies carry it.)
    /// </summary>
    private async Task RerouteToFallbackAsync(OutboxEntry entry, string reason, CancellationToken cancellationToken)
    {
        var fallback = _directory.Fallback
            .Where(d => d.Key != entry.DestinationKey && _channels.ContainsKey(d.Platform))
            .Select(d => d.Key)
            .ToList();
        if (fallback.Count == 0)
        {
            return;
        }
        await _incidents.WriteAsync(
            async session =>
            {
                await session.EnqueuePostsAsync(entry.Subject.Id, fallback, cancellationToken);
                await session.EnqueueUpdateAsync(entry.Subject.Id, $"Could not post to {entry.DestinationKey}: {reason}", cancellationToken);
                return true;
            },
            cancellationToken);
    }

    private async Task<DeliveryOutcome> GiveUpAsync(OutboxEntry entry, string reason, CancellationToken cancellationToken)
    {
        await _outbox.FailAsync(entry, reason, _time.GetUtcNow(), cancellationToken);
        return DeliveryOutcome.Of(DeliveryStatus.Failed, entry, reason);
    }
}
