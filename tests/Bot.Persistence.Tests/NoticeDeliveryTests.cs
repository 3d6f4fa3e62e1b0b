using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;
using static Bot.Persistence.Tests.Support.NoticeTestData;

namespace Bot.Persistence.Tests;

/// <summary>The delivery dispatcher over the real stores (SQLite): a notice posted to a channel and a person, edited, replied to.</summary>
public sealed class NoticeDeliveryTests() : DatabaseTestBase(new SqliteTestDatabases())
{
    private const string Channel = "slack:C0PAY";
    private const string DirectToBo = "slack:dm:U01BO";

    private readonly FixedTimeProvider _clock = new(T0);
    private readonly RecordingChatChannel _slack = new(ChatPlatform.Slack);

    [Fact]
    public async Task Dispatcher_NoticePostedEditedAndRepliedTo_EveryCopyFollowsWithMentionsResolved()
    {
        var notices = new SqlNoticeStore(Database, _clock);
        var outbox = new SqlOutbox(Database);
        var catalog = LoadedCatalog(_clock);
        var dispatcher = new DeliveryDispatcher(
            outbox, new SqlIncidentStore(Database, _clock), notices, catalog, [_slack], new DestinationDirectory(catalog, new RoutingOptions()), new DeliveryOptions(), _clock);
        var members = catalog.Current.Teams.Single(t => t.Id == Payments).Members.ToDictionary(m => m.Id);
        var notice = await AddAsync(notices, Handoff(), [Channel, DirectToBo]);

        await DeliverAllAsync(dispatcher, outbox);

        var posts = Stage(0);
        Assert.Equal([(DeliveryKind.Post, Channel), (DeliveryKind.Post, DirectToBo)], posts.Select(d => (d.Kind, d.Destination.Key)));
        Assert.True(posts[1].Destination.IsDirect);
        foreach (var post in posts)
        {
            var message = Assert.IsType<NoticeMessage>(post.Message);
            AssertSame(notice.Message, message);
            Assert.Equal(new Dictionary<string, Member> { ["ana"] = members["ana"], ["bo"] = members["bo"] }, message.People);
        }
        var copies = await outbox.MessagesOfAsync(MessageSubject.Notice(notice.Id), CancellationToken.None);
        Assert.Equal(
            [(Channel, (string?)null, 1), (DirectToBo, "D-U01BO", 1)],
            copies.Select(c => (c.DestinationKey, c.ConversationId, c.RenderedVersion)).Order());

        var taken = Taken(notice, T0.AddMinutes(2));
        await SaveAsync(notices, taken);
        await DeliverAllAsync(dispatcher, outbox);

        var edits = Stage(2);
        Assert.Equal([(DeliveryKind.Update, Channel, (string?)null), (DeliveryKind.Update, DirectToBo, "D-U01BO")], edits.Select(d => (d.Kind, d.Destination.Key, d.Posted!.ConversationId)));
        Assert.All(edits, edit => AssertSame(taken.Message, Assert.IsType<NoticeMessage>(edit.Message)));
        Assert.All(await outbox.MessagesOfAsync(MessageSubject.Notice(notice.Id), CancellationToken.None), copy => Assert.Equal(2, copy.RenderedVersion));

        await notices.WriteAsync(
            async session =>
            {
                await session.EnqueueReplyAsync(notice.Id, $"Taken by {ChatText.Mention("bo")}, thanks", null, CancellationToken.None);
                return true;
            },
            CancellationToken.None);
        await DeliverAllAsync(dispatcher, outbox);

        var replies = Stage(4);
        Assert.Equal([(DeliveryKind.Reply, Channel, (string?)null), (DeliveryKind.Reply, DirectToBo, "D-U01BO")], replies.Select(d => (d.Kind, d.Destination.Key, d.Posted!.ConversationId)));
        Assert.All(replies, reply =>
        {
            Assert.Equal(
                [new ChatTextPart.Plain("Taken by "), new ChatTextPart.Mention("bo", members["bo"]), new ChatTextPart.Plain(", thanks")],
                reply.Text!.Parts);
            Assert.Equal("Taken by @Bo Berg, thanks", reply.Text.ToPlainString());
        });
        Assert.Equal(6, _slack.Deliveries.Count);
    }

    /// <summary>Two deliveries from <paramref name="from"/> on, by destination: destinations are delivered concurrently.</summary>
    private List<RecordingChatChannel.Delivery> Stage(int from) =>
        [.. _slack.Deliveries.Skip(from).Take(2).OrderBy(d => d.Destination.Key, StringComparer.Ordinal)];

    /// <summary>Plays the host's loop until nothing is pending; every delivery must succeed.</summary>
    private static async Task DeliverAllAsync(DeliveryDispatcher dispatcher, SqlOutbox outbox)
    {
        for (var pass = 0; pass < 10 && await outbox.PendingCountAsync(CancellationToken.None) > 0; pass++)
        {
            var outcomes = (await dispatcher.RunOnceAsync(CancellationToken.None)).Outcomes;
            Assert.All(outcomes, outcome => Assert.True(outcome.Status == DeliveryStatus.Delivered, $"{outcome.Status}: {outcome.Error} {outcome.Exception}"));
        }
        Assert.Equal(0, await outbox.PendingCountAsync(CancellationToken.None));
    }
}
