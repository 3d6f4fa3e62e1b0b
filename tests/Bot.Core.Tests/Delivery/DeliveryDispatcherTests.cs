using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Tests.Delivery.Fakes;

namespace Bot.Core.Tests.Delivery;

public sealed class DeliveryDispatcherTests
{
    private static readonly DateTimeOffset T0 = DeliveryHarness.T0;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RunOnce_PostUpdateReplyOnOneDestination_DeliversInOrderWithLatestVersion()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        var post = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        var update = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Update);
        var reply = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Reply, "Acknowledged by Ana Souza");
        // The acknowledgement commits while the post is on its way.
        h.ConsoleChannel.DuringCall = call => { if (call.Kind == DeliveryKind.Post) { h.Store.Bump(1); } };

        var pass = await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal(
            [(DeliveryKind.Post, (int?)1, (string?)null), (DeliveryKind.Update, 2, null), (DeliveryKind.Reply, null, "Acknowledged by Ana Souza")],
            h.ConsoleChannel.Calls.Select(c => (c.Kind, c.Version, c.Text)));
        Assert.Equal([post.Id, update.Id, reply.Id], pass.Outcomes.Select(o => o.EntryId!.Value));
        Assert.All(h.Outbox.Rows, r => Assert.Equal("delivered", r.State));
        var copy = await h.Outbox.FindMessageAsync(MessageSubject.Incident(1), DeliveryHarness.Console, None);
        Assert.Equal(2, copy!.RenderedVersion);
    }

    [Fact]
    public async Task RunOnce_OneDestinationFailing_OtherDestinationKeepsDelivering()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Incident(2);
        var stuck = h.Enqueue(DeliveryHarness.Slack, 1, DeliveryKind.Post);
        var behindStuck = h.Enqueue(DeliveryHarness.Slack, 2, DeliveryKind.Post);
        h.Enqueue(DeliveryHarness.SlackFallback, 1, DeliveryKind.Post);
        h.Enqueue(DeliveryHarness.SlackFallback, 2, DeliveryKind.Post);
        for (var i = 0; i < 10; i++)
        {
            h.SlackChannel.Answer(DeliveryHarness.Slack, new DeliveryResult.RetryLater(null, "HTTP 500"));
        }

        for (var i = 0; i < 3; i++)
        {
            await h.Dispatcher.RunOnceAsync(None);
            h.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Equal([1L, 2L], h.SlackChannel.CallsTo(DeliveryHarness.SlackFallback).Select(c => c.IncidentId));
        Assert.All(h.SlackChannel.CallsTo(DeliveryHarness.Slack), c => Assert.Equal(1, c.IncidentId));
        Assert.Equal("pending", h.Outbox.RowOf(stuck.Id).State);
        Assert.Equal("HTTP 500", h.Outbox.RowOf(stuck.Id).Reason);
        Assert.Equal("pending", h.Outbox.RowOf(behindStuck.Id).State);
    }

    [Fact]
    public async Task Run_RateLimitedThenServerErrorThenSuccess_EachMessageOnceInOrderHonouringRetryAfterAndBackoff()
    {
        var h = new DeliveryHarness(random: new FixedRandom(0.5));
        for (var id = 1; id <= 3; id++)
        {
            h.Incident(id);
            h.Enqueue(DeliveryHarness.Slack, id, DeliveryKind.Post);
        }
        h.SlackChannel.Answer(DeliveryHarness.Slack,
            new DeliveryResult.RetryLater(TimeSpan.FromSeconds(3), "ratelimited"),
            new DeliveryResult.RetryLater(null, "HTTP 500 internal_error"));

        var outcomes = await h.RunUntilIdleAsync();

        // 429: wait the 3 s asked for. 500 on attempt 2: backoff step 2 s, equal jitter at 0.5 → 1.5 s. Then 1 per second.
        Assert.Equal(
            [(1L, T0), (1L, T0.AddSeconds(3)), (1L, T0.AddSeconds(4.5)), (2L, T0.AddSeconds(5.5)), (3L, T0.AddSeconds(6.5))],
            h.SlackChannel.Calls.Select(c => (c.IncidentId, c.At)));
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.5)], outcomes.Where(o => o.Status == DeliveryStatus.Retrying).Select(o => o.RetryIn!.Value));
        Assert.Equal([1L, 2L, 3L], outcomes.Where(o => o.Status == DeliveryStatus.Delivered).Select(o => o.Subject!.Value.Id));
        Assert.Equal([1, 2, 3], outcomes.Where(o => o.Subject == MessageSubject.Incident(1)).Select(o => o.Attempt));
        Assert.All(h.Outbox.Rows, r => Assert.Equal("delivered", r.State));
    }

    [Fact]
    public async Task RunOnce_RateLimitedWhileEntriesWait_TellsLoopToSleepUntilRetryAfter()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Incident(2);
        h.Enqueue(DeliveryHarness.Slack, 1, DeliveryKind.Post);
        h.Enqueue(DeliveryHarness.Slack, 2, DeliveryKind.Post);
        h.SlackChannel.Answer(DeliveryHarness.Slack, new DeliveryResult.RetryLater(TimeSpan.FromSeconds(3), "ratelimited"));

        await h.Dispatcher.RunOnceAsync(None);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await h.Dispatcher.RunOnceAsync(None);

        Assert.Single(h.SlackChannel.Calls);
        Assert.Equal(TimeSpan.FromSeconds(1), await h.Dispatcher.TimeUntilNextAsync(None));
    }

    [Fact]
    public async Task Run_FiveEntriesToSlackAndConsole_SlackSpacedOneSecondConsoleAllInFirstPass()
    {
        var h = new DeliveryHarness();
        for (var id = 1; id <= 5; id++)
        {
            h.Incident(id);
            h.Enqueue(DeliveryHarness.Slack, id, DeliveryKind.Post);
            h.Enqueue(DeliveryHarness.Console, id, DeliveryKind.Post);
        }

        var first = await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal(6, first.Count(DeliveryStatus.Delivered));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], h.ConsoleChannel.Calls.Select(c => c.IncidentId));
        Assert.All(h.ConsoleChannel.Calls, c => Assert.Equal(T0, c.At));
        Assert.Equal(TimeSpan.FromSeconds(1), await h.Dispatcher.TimeUntilNextAsync(None));

        await h.RunUntilIdleAsync();

        var slack = h.SlackChannel.Calls;
        Assert.Equal([1L, 2L, 3L, 4L, 5L], slack.Select(c => c.IncidentId));
        Assert.All(slack.Zip(slack.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Run_TeamsConversation_SpacedAtSevenPerSecond()
    {
        var h = new DeliveryHarness();
        for (var id = 1; id <= 3; id++)
        {
            h.Incident(id);
            h.Enqueue(DeliveryHarness.Teams, id, DeliveryKind.Post);
        }

        await h.RunUntilIdleAsync();

        var calls = h.TeamsChannel.Calls;
        Assert.Equal(3, calls.Count);
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1.0 / 7)));
        Assert.True(calls[^1].At - T0 < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RunOnce_Rejected_FailsEntryAndNextEntryProceeds()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Incident(2);
        var refused = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        var next = h.Enqueue(DeliveryHarness.Console, 2, DeliveryKind.Post);
        h.ConsoleChannel.Answer(DeliveryHarness.Console, new DeliveryResult.Rejected("channel_not_found"));

        var pass = await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Delivered], pass.Outcomes.Select(o => o.Status));
        Assert.Equal(("failed", "channel_not_found"), (h.Outbox.RowOf(refused.Id).State, h.Outbox.RowOf(refused.Id).Reason));
        Assert.Equal("delivered", h.Outbox.RowOf(next.Id).State);
    }

    [Fact]
    public async Task RunOnce_PostRefusedForGood_GoesToTheFallbackWithANoteWhy()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        h.ConsoleChannel.Answer(DeliveryHarness.Console, new DeliveryResult.Rejected("not_in_channel"));

        await h.RunUntilIdleAsync();

        var fallback = h.SlackChannel.CallsTo(DeliveryHarness.SlackFallback).Select(c => (c.Kind, c.Text)).ToList();
        Assert.Equal([(DeliveryKind.Post, (string?)null), (DeliveryKind.Reply, $"Could not post to {DeliveryHarness.Console}: not_in_channel")], fallback);
    }

    [Fact]
    public async Task RunOnce_UpdateRefused_StaysOnItsDestination()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        await h.RunUntilIdleAsync();
        h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Update);
        h.ConsoleChannel.Answer(DeliveryHarness.Console, new DeliveryResult.Rejected("message_not_found"));

        await h.RunUntilIdleAsync();

        Assert.DoesNotContain(h.Outbox.Rows, r => r.Entry.DestinationKey == DeliveryHarness.SlackFallback);
    }

    [Fact]
    public async Task RunOnce_UpdateWithoutPostedMessage_FailsWithReasonWithoutCallingPlatform()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        var update = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Update);
        var reply = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Reply, "Resolved");

        var pass = await h.Dispatcher.RunOnceAsync(None);

        Assert.Empty(h.ConsoleChannel.Calls);
        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Failed], pass.Outcomes.Select(o => o.Status));
        Assert.Contains("never posted", h.Outbox.RowOf(update.Id).Reason, StringComparison.Ordinal);
        Assert.Contains("no message to reply to", h.Outbox.RowOf(reply.Id).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_IncidentChangedWhileUpdating_UpdateStaysPendingAndNextPassShowsNewVersion()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Enqueue(DeliveryHarness.Slack, 1, DeliveryKind.Post);
        await h.Dispatcher.RunOnceAsync(None);
        h.Store.Bump(1);
        var update = h.Enqueue(DeliveryHarness.Slack, 1, DeliveryKind.Update);
        var bumped = false;
        h.SlackChannel.DuringCall = call =>
        {
            if (call.Kind == DeliveryKind.Update && !bumped)
            {
                bumped = true;
                h.Store.Bump(1);
            }
        };
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        await h.Dispatcher.RunOnceAsync(None);
        Assert.Equal("pending", h.Outbox.RowOf(update.Id).State);

        h.Clock.Advance(await h.Dispatcher.TimeUntilNextAsync(None));
        await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal([(DeliveryKind.Post, (int?)1), (DeliveryKind.Update, 2), (DeliveryKind.Update, 3)], h.SlackChannel.Calls.Select(c => (c.Kind, c.Version)));
        Assert.Equal(T0.AddSeconds(2), h.SlackChannel.Calls[^1].At);
        Assert.Equal("delivered", h.Outbox.RowOf(update.Id).State);
    }

    [Fact]
    public async Task RunOnce_UpdateAlreadyShownByEarlierEdit_CompletesWithoutCallingPlatform()
    {
        var h = new DeliveryHarness();
        h.Incident(1, version: 4);
        h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        var update = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Update);

        await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal([DeliveryKind.Post], h.ConsoleChannel.Calls.Select(c => c.Kind));
        Assert.Equal("delivered", h.Outbox.RowOf(update.Id).State);
    }

    [Fact]
    public async Task RunOnce_ChannelThrows_RetriesLaterWithTheErrorThenDelivers()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        var post = h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        h.ConsoleChannel.Throw(DeliveryHarness.Console, new HttpRequestException("Connection refused"));

        var first = await h.Dispatcher.RunOnceAsync(None);

        var retrying = Assert.Single(first.Outcomes);
        Assert.Equal(DeliveryStatus.Retrying, retrying.Status);
        Assert.Equal("HttpRequestException: Connection refused", h.Outbox.RowOf(post.Id).Reason);
        await h.RunUntilIdleAsync();
        Assert.Equal(2, h.ConsoleChannel.Calls.Count);
        Assert.Equal("delivered", h.Outbox.RowOf(post.Id).State);
    }

    [Fact]
    public async Task RunOnce_PlatformOff_FailsEntryNamingPlatform()
    {
        var h = new DeliveryHarness(withTeams: false);
        h.Incident(1);
        var post = h.Enqueue(DeliveryHarness.Teams, 1, DeliveryKind.Post);

        var pass = await h.Dispatcher.RunOnceAsync(None);

        Assert.Equal(DeliveryStatus.Failed, Assert.Single(pass.Outcomes).Status);
        Assert.Equal("failed", h.Outbox.RowOf(post.Id).State);
        Assert.StartsWith("MsTeams is off", h.Outbox.RowOf(post.Id).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_IncidentStoreFails_ReportsFaultAndPausesOnlyThatDestination()
    {
        var h = new DeliveryHarness();
        h.Incident(2);
        h.Enqueue(DeliveryHarness.Slack, 99, DeliveryKind.Post);
        h.Enqueue(DeliveryHarness.Console, 2, DeliveryKind.Post);
        var failing = new DeliveryDispatcher(h.Outbox, new ThrowingStoreFor(99, h.Store), new NoNotices(), h.Catalog, [h.SlackChannel, h.ConsoleChannel], h.Directory, h.Options, h.Clock);

        var pass = await failing.RunOnceAsync(None);

        var fault = Assert.Single(pass.Outcomes, o => o.Status == DeliveryStatus.Faulted);
        Assert.Equal(DeliveryHarness.Slack, fault.DestinationKey);
        Assert.Equal(1, pass.Count(DeliveryStatus.Delivered));
        Assert.Equal(h.Options.PollInterval, await failing.TimeUntilNextAsync(None));
    }

    [Fact]
    public async Task Run_RestartWithPendingRows_DeliversEachOnce()
    {
        var h = new DeliveryHarness();
        h.Incident(1);
        h.Incident(2);
        h.Enqueue(DeliveryHarness.Console, 1, DeliveryKind.Post);
        h.Enqueue(DeliveryHarness.Console, 2, DeliveryKind.Post);
        h.ConsoleChannel.Answer(DeliveryHarness.Console, new DeliveryResult.RetryLater(null, "HTTP 503"));
        await h.Dispatcher.RunOnceAsync(None);

        var restarted = new DeliveryDispatcher(h.Outbox, h.Store, new NoNotices(), h.Catalog, [h.SlackChannel, h.ConsoleChannel], h.Directory, h.Options, h.Clock);
        h.Clock.Advance(await restarted.TimeUntilNextAsync(None));
        await restarted.RunOnceAsync(None);

        Assert.Equal([1L, 1L, 2L], h.ConsoleChannel.Calls.Select(c => c.IncidentId));
        Assert.Equal(0, await h.Outbox.PendingCountAsync(None));
    }

    [Fact]
    public async Task TimeUntilNext_NothingPending_IsPollInterval()
    {
        var h = new DeliveryHarness();

        Assert.Equal(h.Options.PollInterval, await h.Dispatcher.TimeUntilNextAsync(None));
    }

    private sealed class ThrowingStoreFor(long incidentId, FakeIncidentStore inner) : IIncidentStore
    {
        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ListBreachesAsync(sloId, since, cancellationToken);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) => inner.CountOpenBySloAsync(cancellationToken);

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) =>
            id == incidentId ? throw new InvalidOperationException("database is locked") : inner.FindAsync(id, cancellationToken);

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
