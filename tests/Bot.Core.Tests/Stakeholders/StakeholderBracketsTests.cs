using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Stakeholders;
using static Bot.Core.Tests.Stakeholders.StakeholderWorld;

namespace Bot.Core.Tests.Stakeholders;

/// <summary>The bracket rules and wording (book Tables 8.5–8.7): first, updates with the next time, final with the time to recovery.</summary>
public sealed class StakeholderBracketsTests
{
    private static readonly Actor Ana = new("ana", "Ana Kovač", ActionSource.Console);

    private static StakeholderNotification Sent(int sequence, NotificationBracket bracket, DateTimeOffset at) =>
        new(42, sequence, bracket, "text", at, Ana, 1, [1, 2, 3], ["product-management"], 0, null, bracket == NotificationBracket.Final ? null : at.AddHours(2));

    [Fact]
    public void Refusal_FirstComesFirstAndOnce_UpdatesAndFinalOnlyAfterIt_NothingAfterTheFinal()
    {
        var first = Sent(1, NotificationBracket.First, Now);
        var final = Sent(3, NotificationBracket.Final, Now.AddHours(1));

        Assert.Null(StakeholderBrackets.Refusal(42, NotificationBracket.First, []));
        Assert.Null(StakeholderBrackets.Refusal(42, NotificationBracket.Update, [first]));
        Assert.Null(StakeholderBrackets.Refusal(42, NotificationBracket.Final, [first, Sent(2, NotificationBracket.Update, Now.AddMinutes(30))]));
        Assert.Equal(
            "Incident #42 has had no first notification yet; send that first: notify #42 first <text>",
            StakeholderBrackets.Refusal(42, NotificationBracket.Update, []));
        Assert.Equal(
            "Incident #42 has had no first notification yet; send that first: notify #42 first <text>",
            StakeholderBrackets.Refusal(42, NotificationBracket.Final, []));
        Assert.Equal(
            "The first notification for #42 went at 2026-05-04 10:20 UTC; send an update instead: notify #42 update <text>",
            StakeholderBrackets.Refusal(42, NotificationBracket.First, [first]));
        foreach (var bracket in Enum.GetValues<NotificationBracket>())
        {
            Assert.Equal("The final notification for #42 went at 2026-05-04 11:20 UTC; nothing follows it.", StakeholderBrackets.Refusal(42, bracket, [first, final]));
        }
    }

    [Fact]
    public void NextDue_IsTheIntervalAfterTheFirstAndEachUpdate_NoneAfterTheFinalOrWithoutAnInterval()
    {
        Assert.Equal(Now.AddHours(2), StakeholderBrackets.NextDue(NotificationBracket.First, Now, TimeSpan.FromHours(2)));
        Assert.Equal(Now.AddHours(8), StakeholderBrackets.NextDue(NotificationBracket.Update, Now, TimeSpan.FromHours(8)));
        Assert.Null(StakeholderBrackets.NextDue(NotificationBracket.Final, Now, TimeSpan.FromHours(2)));
        Assert.Null(StakeholderBrackets.NextDue(NotificationBracket.First, Now, null));
    }

    [Fact]
    public void ClosingLine_SaysWhenTheNextComes_OrTheTimeToRecovery()
    {
        Assert.Equal(
            "Next notification is planned by 12:20 UTC (in max. 2 h) as events warrant.",
            StakeholderBrackets.ClosingLine(NotificationBracket.First, Now, TimeSpan.FromHours(2), TimeSpan.Zero));
        Assert.Equal(
            "Next notification is planned by 2026-05-05 07:30 UTC (in max. 8 h) as events warrant.",
            StakeholderBrackets.ClosingLine(NotificationBracket.Update, new DateTimeOffset(2026, 5, 4, 23, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(8), TimeSpan.Zero));
        Assert.Equal(
            "Next notification will follow as events warrant.",
            StakeholderBrackets.ClosingLine(NotificationBracket.Update, Now, null, TimeSpan.Zero));
        Assert.Equal(
            "Time to recovery: 51 minutes. No further communication planned.",
            StakeholderBrackets.ClosingLine(NotificationBracket.Final, Now, TimeSpan.FromHours(2), TimeSpan.FromMinutes(51)));
    }

    [Fact]
    public void TimeToRecovery_RunsFromTheStartToTheResolution_OrToNow()
    {
        var incident = Incident();
        var resolved = incident with { State = IncidentState.Resolved, Resolved = new Stamp(Ana, incident.StartedAt!.Value.AddMinutes(51)) };

        Assert.Equal(TimeSpan.FromMinutes(51), StakeholderBrackets.TimeToRecovery(resolved, Now.AddDays(1)));
        Assert.Equal(TimeSpan.FromMinutes(65), StakeholderBrackets.TimeToRecovery(incident, Now));
        Assert.Equal(TimeSpan.FromMinutes(60), StakeholderBrackets.TimeToRecovery(incident with { StartedAt = null }, Now));
    }

    [Theory]
    [InlineData(0.4, "under a minute")]
    [InlineData(1, "1 minute")]
    [InlineData(51, "51 minutes")]
    [InlineData(119, "119 minutes")]
    [InlineData(120, "2 h")]
    [InlineData(125, "2 h 5 min")]
    [InlineData(3 * 24 * 60 + 4 * 60 + 10, "3 days 4 h")]
    public void Span_InWords(double minutes, string expected) =>
        Assert.Equal(expected, Bot.Core.Slos.PlainWords.Elapsed(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Message_First_HasTheBracketTitle_TheTable86Fields_AndTheNextTime()
    {
        var facts = Facts(NotificationBracket.First, 1);

        var message = StakeholderBrackets.Message(facts);

        Assert.Equal("[P1 · First notification] Payment Gateway: Card payments fail", message.Title);
        Assert.Equal("Card payments fail in the EU; we are on it.", message.Summary);
        Assert.Equal(NoticeTone.Warning, message.Tone);
        Assert.Equal(
            [
                new MessageField("Recipients", "Ring 1 (Product management), Ring 2 (Leadership), Ring 3 (Marketing and sales); 3 subscribers"),
                new MessageField("Geography", "eu-central-1"),
                new MessageField("Product landscape", "payments"),
                new MessageField("Incident", "#42 · P1 Critical business impact · critical"),
                new MessageField("Timestamp", "2026-05-04 10:20 UTC", Now),
            ],
            message.Fields);
        Assert.Equal("Next notification is planned by 12:20 UTC (in max. 2 h) as events warrant.", message.Footer);
        Assert.Empty(message.Actions);
    }

    [Fact]
    public void Message_UpdateAndFinal_NumberTheUpdates_AndTheFinalGivesTheTimeToRecovery()
    {
        var update = StakeholderBrackets.Message(Facts(NotificationBracket.Update, 3));
        var final = StakeholderBrackets.Message(Facts(NotificationBracket.Final, 4) with { TimeToRecovery = TimeSpan.FromMinutes(51) });
        var noRegion = StakeholderBrackets.Message(Facts(NotificationBracket.First, 1) with { Incident = Incident(region: null), Product = null, ServiceName = null });

        Assert.Equal("[P1 · Update 2] Payment Gateway: Card payments fail", update.Title);
        Assert.Equal(NoticeTone.Attention, update.Tone);
        Assert.Equal("[P1 · Final notification] Payment Gateway: Card payments fail", final.Title);
        Assert.Equal(NoticeTone.Good, final.Tone);
        Assert.Equal("Time to recovery: 51 minutes. No further communication planned.", final.Footer);
        Assert.Equal("[P1 · First notification] Card payments fail", noRegion.Title);
        Assert.Equal(("Worldwide", "All products"), (noRegion.Fields[1].Value, noRegion.Fields[2].Value));
    }

    [Fact]
    public void ThreadReply_AndTimeline_SayWhichBracket_ToWhom_AndWhatComesNext()
    {
        var first = Facts(NotificationBracket.First, 1);
        var final = Facts(NotificationBracket.Final, 3) with { Subscribers = 1, TimeToRecovery = TimeSpan.FromMinutes(51) };

        Assert.Equal(
            "Stakeholders notified (first, ring 1: Product management, Showcase deployment; ring 2: Leadership; ring 3: Sales EU, payments; 3 subscribers) "
            + "by Ana Kovač: Card payments fail in the EU; we are on it.; next update due by 12:20 UTC",
            StakeholderBrackets.ThreadReply(first, "Ana Kovač"));
        Assert.Equal(
            "Stakeholders notified (final, ring 1: Product management, Showcase deployment; ring 2: Leadership; ring 3: Sales EU, payments; 1 subscriber) "
            + "by Ana Kovač: Card payments fail in the EU; we are on it.; time to recovery 51 minutes, no further communication planned",
            StakeholderBrackets.ThreadReply(final, "Ana Kovač"));
        Assert.Equal(
            "First notification to stakeholders by Ana Kovač, P1 to ring 1: Product management, Showcase deployment; ring 2: Leadership; "
            + "ring 3: Sales EU, payments; 3 subscribers; 5 destinations: “Card payments fail in the EU; we are on it.”; next update due by 12:20 UTC",
            StakeholderBrackets.TimelineText(first, Ana, 5));
    }

    [Fact]
    public void ReminderText_NamesThePromise_TheLastTime_AndTheCommand()
    {
        var last = Sent(1, NotificationBracket.First, Now);

        Assert.Equal(
            "Status update due for #42: P1 promises one every 2 h; the last went at 10:20 UTC. notify #42 update <text>",
            StakeholderBrackets.ReminderText(42, P1, last, Now.AddHours(2)));
    }

    [Fact]
    public void Recipients_WithoutAConcernedGroup_SaysSo()
    {
        Assert.Equal("No stakeholder group concerned; no subscribers", StakeholderBrackets.Recipients([], 0));
        Assert.Equal("no stakeholder group concerned", StakeholderBrackets.RingGroups([]));
    }

    private static BracketFacts Facts(NotificationBracket bracket, int sequence)
    {
        var catalog = StakeholderWorld.Catalog();
        var incident = Incident();
        return new BracketFacts(
            incident, "Payment Gateway", "payments", P1, bracket, sequence, "Card payments fail in the EU; we are on it.", Now,
            StakeholderAudience.For(catalog, P1, incident.Region, "payments"), 3, TimeSpan.Zero);
    }
}
