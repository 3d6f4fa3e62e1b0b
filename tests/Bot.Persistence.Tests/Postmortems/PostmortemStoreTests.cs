using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.Postmortems;

/// <summary>Postmortems on the real stores: start once per incident (also concurrently), edits and state changes with their timeline events, lists, and the timeliness sweep on a fake clock.</summary>
public abstract class PostmortemStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Link = "http://localhost:5080/api/postmortems/";

    protected FixedTimeProvider Clock { get; } = new(T0);

    private SqlIncidentStore Incidents => new SqlIncidentStore(Database, Clock);

    private SqlPostmortemStore Store => new(Database, Clock);

    private CatalogHolder Holder
    {
        get
        {
            var plain = Catalog();
            PriorityDefinition[] priorities =
            [
                new(1, "P1", true, PostmortemRequired: true, true, true, TimeSpan.FromHours(2), []),
                new(2, "P2", false, PostmortemRequired: false, true, true, TimeSpan.FromHours(4), []),
            ];
            var catalog = new ServiceCatalog(plain.OrgUnits, plain.Teams, plain.Services, plain.Slos, plain.Rotations, plain.EscalationPolicies,
                plain.StakeholderGroups, plain.Rings, priorities, plain.AdminMemberIds);
            var holder = new CatalogHolder(new Fixed(catalog), Clock);
            holder.Reload();
            return holder;
        }
    }

    private PostmortemActions Actions => new(Holder, Incidents, Store, PostmortemTemplates.BuiltIn, new PostmortemOptions(), Destinations(), Clock);

    private PostmortemReminders Reminders => new(Holder, Store, new PostmortemOptions(), Destinations(), Clock);

    [DatabaseFact]
    public async Task Start_ByATeamMember_PrefillsRecordsTheEventAndRepliesInTheThreadWithTheLink()
    {
        var id = await ResolvedIncidentAsync("a");
        Clock.Now = T0.AddHours(3);

        var result = await Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        var postmortem = result.Postmortem!;
        Assert.Equal((id, PostmortemState.Draft, "book", 1, Ana), (postmortem.IncidentId, postmortem.State, postmortem.Template, postmortem.Version, postmortem.CreatedBy));
        AssertSame(postmortem, await Store.FindAsync(postmortem.Id, CancellationToken.None));
        Assert.Contains($"- Detected: {PostmortemFacts.When(T0, TimeZoneInfo.Utc)}", postmortem.Sections[0].Body, StringComparison.Ordinal);
        Assert.Contains("Time to acknowledge: not acknowledged; time to recover: 30 min", postmortem.Sections[0].Body, StringComparison.Ordinal);
        Assert.Contains("Everyone who acted: Ana Souza", postmortem.Sections.Single(s => s.Key == "incident-response-team").Body, StringComparison.Ordinal);
        var started = $"Postmortem {postmortem.Reference} started by Ana Souza from template book";
        Assert.Equal(new IncidentEvent(IncidentEventKind.PostmortemStarted, T0.AddHours(3), Ana, started), (await Incidents.FindAsync(id, CancellationToken.None))!.Timeline[^1]);
        var replies = (await IncidentTables.OutboxAsync(Database)).Where(r => r.Kind == "reply" && r.Text!.StartsWith(started, StringComparison.Ordinal)).ToList();
        Assert.Equal([PaymentsChannel, PaymentsOnCallChannel], replies.Select(r => r.DestinationKey));
        Assert.Contains("A postmortem is required for P1: hold its meeting within 72 h of resolution, by 2026-05-07 10:45 UTC (UTC+00:00).", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains($"Read it: {Link}{postmortem.Id}.md", replies[0].Text, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Start_Twice_ReturnsTheFirst_AndWritesNothingMore()
    {
        var id = await ResolvedIncidentAsync("a");
        var first = await Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None);
        var counts = await IncidentTables.CountsAsync(Database);

        var second = await Actions.StartAsync(id, new CommandContext(Bo, null), CancellationToken.None);

        Assert.True(second.Succeeded);
        AssertSame(first.Postmortem!, second.Postmortem);
        Assert.StartsWith($"Incident #{id} already has postmortem {first.Postmortem!.Reference} (draft, version 1), started by Ana Souza", second.Message, StringComparison.Ordinal);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Start_ConcurrentlyFromFourReplicas_OnePostmortemAndOneEvent()
    {
        var id = await ResolvedIncidentAsync("a");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Single(results.Select(r => r.Postmortem!.Id).Distinct());
        Assert.Single((await Incidents.FindAsync(id, CancellationToken.None))!.Timeline, e => e.Kind == IncidentEventKind.PostmortemStarted);
        Assert.Single(await Store.ListAsync(new PostmortemQuery(), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Start_ByAnotherTeam_Refused_NothingWritten()
    {
        var id = await ResolvedIncidentAsync("a");
        var counts = await IncidentTables.CountsAsync(Database);

        var result = await Actions.StartAsync(id, new CommandContext(Li, null), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal($"Only members of team 'payments' and admins may start the postmortem of incident #{id}; Li Wei is not one.", result.Message);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Edit_TwoSections_OneVersionOneEventOneReply_UnknownKeyRefused_SameTextChangesNothing()
    {
        var id = await ResolvedIncidentAsync("a");
        var pm = (await Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None)).Postmortem!;
        Clock.Now = T0.AddHours(5);

        var edited = await Actions.EditSectionsAsync(pm.Id, new Dictionary<string, string> { ["summary"] = "Checkout failed.", ["Customer impact"] = "EU card payments.\r\n" }, Bo, CancellationToken.None);
        var unknown = await Actions.EditSectionsAsync(pm.Id, new Dictionary<string, string> { ["summary"] = "x", ["owner"] = "y" }, Bo, CancellationToken.None);
        var same = await Actions.EditSectionsAsync(pm.Id, new Dictionary<string, string> { ["summary"] = "Checkout failed." }, Bo, CancellationToken.None);

        var text = $"Postmortem {pm.Reference}: Summary, Customer impact edited by Bo Berg";
        Assert.True(edited.Succeeded, edited.Message);
        Assert.Equal($"{text}.", edited.Message);
        var stored = (await Store.FindAsync(pm.Id, CancellationToken.None))!;
        Assert.Equal((2, T0.AddHours(5)), (stored.Version, stored.UpdatedAt));
        Assert.Equal("EU card payments.", stored.Sections.Single(s => s.Key == "customer-impact").Body);
        Assert.Equal(new IncidentEvent(IncidentEventKind.PostmortemEdited, T0.AddHours(5), Bo, text), (await Incidents.FindAsync(id, CancellationToken.None))!.Timeline[^1]);
        Assert.Equal(2, (await IncidentTables.OutboxAsync(Database)).Count(r => r.Text == text));
        Assert.False(unknown.Succeeded);
        Assert.StartsWith($"{pm.Reference} has no section 'owner'; its sections are: incident, summary, incident-response-team,", unknown.Message, StringComparison.Ordinal);
        Assert.True(same.Succeeded);
        Assert.Equal($"Nothing changed in {pm.Reference}: Summary already read so.", same.Message);
        Assert.Equal(2, (await Store.FindAsync(pm.Id, CancellationToken.None))!.Version);
    }

    [DatabaseFact]
    public async Task State_Reviewed_NotesTheMeetingHeld_Published_AndTheMeetingLaterThanDue_IsSaid()
    {
        var id = await ResolvedIncidentAsync("a");
        var pm = (await Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None)).Postmortem!;

        var meeting = await Actions.ScheduleMeetingAsync(pm.Id, T0.AddDays(4), Ana, CancellationToken.None);
        Clock.Now = T0.AddDays(4);
        var reviewed = await Actions.ChangeStateAsync(pm.Id, PostmortemState.Reviewed, Ana, CancellationToken.None);
        var again = await Actions.ChangeStateAsync(pm.Id, PostmortemState.Reviewed, Ana, CancellationToken.None);
        var published = await Actions.ChangeStateAsync(pm.Id, PostmortemState.Published, Bo, CancellationToken.None);

        Assert.Equal($"Postmortem {pm.Reference} meeting planned for 2026-05-08 10:15 UTC (UTC+00:00) by Ana Souza (later than the 72 h after resolution the book asks for: due by 2026-05-07 10:45 UTC (UTC+00:00)).", meeting.Message);
        Assert.Equal($"Postmortem {pm.Reference} moved from draft to reviewed by Ana Souza.", reviewed.Message);
        Assert.Equal($"{pm.Reference} is already reviewed.", again.Message);
        Assert.True(published.Succeeded);
        var stored = (await Store.FindAsync(pm.Id, CancellationToken.None))!;
        Assert.Equal((PostmortemState.Published, 4, T0.AddDays(4), T0.AddDays(4), T0.AddDays(4)), (stored.State, stored.Version, stored.MeetingAt, stored.MeetingHeldAt, stored.PublishedAt));
        Assert.Equal(3, (await Incidents.FindAsync(id, CancellationToken.None))!.Timeline.Count(e => e.Kind == IncidentEventKind.PostmortemStateChanged));
    }

    [DatabaseFact]
    public async Task List_ByTeamAndState_NewestFirst()
    {
        var first = (await Actions.StartAsync(await ResolvedIncidentAsync("a"), new CommandContext(Ana, null), CancellationToken.None)).Postmortem!;
        Clock.Now = T0.AddHours(1);
        var second = (await Actions.StartAsync(await ResolvedIncidentAsync("b", "us-east-1"), new CommandContext(Ana, null), CancellationToken.None)).Postmortem!;
        await Actions.ChangeStateAsync(first.Id, PostmortemState.Reviewed, Ana, CancellationToken.None);

        Assert.Equal([second.Id, first.Id], (await Store.ListAsync(new PostmortemQuery(Payments), CancellationToken.None)).Select(p => p.Id));
        Assert.Equal([first.Id], (await Store.ListAsync(new PostmortemQuery(Payments, PostmortemState.Reviewed), CancellationToken.None)).Select(p => p.Id));
        Assert.Empty(await Store.ListAsync(new PostmortemQuery("search"), CancellationToken.None));
        Assert.Equal([second.Id], (await Store.ListAsync(new PostmortemQuery(Limit: 1), CancellationToken.None)).Select(p => p.Id));
    }

    [DatabaseFact]
    public async Task Sweep_P1NotStarted_RemindsOnceAfter24h_ThenTheMeetingAfter72h_NeverForP2()
    {
        var p1 = await ResolvedIncidentAsync("a");
        var p2 = await ResolvedIncidentAsync("b", "us-east-1", priority: 2);
        var resolvedAt = Clock.Now;

        Clock.Now = resolvedAt.AddHours(23);
        var early = await Reminders.SweepAsync(CancellationToken.None);
        Clock.Now = resolvedAt.AddHours(24);
        var due = await Reminders.SweepAsync(CancellationToken.None);
        var twice = await Reminders.SweepAsync(CancellationToken.None);
        Clock.Now = resolvedAt.AddHours(72);
        var meeting = await Reminders.SweepAsync(CancellationToken.None);
        var overdue = await Reminders.OverdueAsync(Payments, CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal([(p1, PostmortemReminders.StartKind)], due);
        Assert.Empty(twice);
        Assert.Equal([(p1, PostmortemReminders.MeetingKind)], meeting);
        var text = $"Postmortem for #{p1} (P1) not started 24 h after resolution: postmortem #{p1}";
        Assert.Equal([PaymentsChannel, PaymentsOnCallChannel], (await IncidentTables.OutboxAsync(Database)).Where(r => r.Text == text).Select(r => r.DestinationKey));
        var reminded = (await Incidents.FindAsync(p1, CancellationToken.None))!.Timeline.Where(e => e.Kind == IncidentEventKind.Reminded).ToList();
        Assert.Equal(2, reminded.Count);
        Assert.Equal(new IncidentEvent(IncidentEventKind.Reminded, resolvedAt.AddHours(24), PostmortemReminders.Sender,
            $"{text} (reminded the team channel; no coordinator to tell)"), reminded[0]);
        Assert.DoesNotContain((await Incidents.FindAsync(p2, CancellationToken.None))!.Timeline, e => e.Kind == IncidentEventKind.Reminded);
        Assert.Equal([p1], overdue.Select(d => d.IncidentId));
        Assert.Equal(
            $"Overdue postmortems (1):\n• #{p1} P1 {overdue[0].Title}: resolved 3 days ago, not started (postmortem #{p1}); meeting overdue since 2026-05-07 10:45 UTC (UTC+00:00)",
            Reminders.StatusLines(overdue, Holder.Current, Clock.Now));
    }

    [DatabaseFact]
    public async Task Sweep_StartedAndReviewedInTime_NoReminders_NotOverdue()
    {
        var id = await ResolvedIncidentAsync("a");
        var resolvedAt = Clock.Now;
        Clock.Now = resolvedAt.AddHours(20);
        var pm = (await Actions.StartAsync(id, new CommandContext(Ana, null), CancellationToken.None)).Postmortem!;
        Clock.Now = resolvedAt.AddHours(48);
        await Actions.ChangeStateAsync(pm.Id, PostmortemState.Reviewed, Ana, CancellationToken.None);

        Clock.Now = resolvedAt.AddDays(5);
        Assert.Empty(await Reminders.SweepAsync(CancellationToken.None));
        Assert.Empty(await Reminders.OverdueAsync(Payments, CancellationToken.None));
    }

    /// <summary>The same postmortem: every field, and the sections one by one (a record compares lists by reference).</summary>
    private static void AssertSame(Postmortem expected, Postmortem? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Sections = [] }, actual with { Sections = [] });
        Assert.Equal(expected.Sections, actual.Sections);
    }

    /// <summary>Opens an incident of the checkout SLO (P1), sets its priority when asked, and resolves it 30 minutes later as Ana.</summary>
    private async Task<long> ResolvedIncidentAsync(string instance, string region = "eu-west-1", int? priority = null)
    {
        var opened = Clock.Now;
        await Ingest(Incidents, Clock).ExecuteAsync(Batch(Firing(instance, opened, extra: ("region", region))), CancellationToken.None);
        var id = (await Incidents.ListAsync(new IncidentQuery(Payments, Limit: 1), CancellationToken.None))[0].Id;
        var actions = IncidentTestData.Actions(Incidents, Clock);
        if (priority is { } level)
        {
            await actions.ClassifyAsync(new IncidentActionRequest(id, Ana, null), level, null, null, CancellationToken.None);
        }
        Clock.Now = opened.AddMinutes(30);
        await actions.ResolveAsync(new IncidentActionRequest(id, Ana, null), CancellationToken.None);
        return id;
    }

    private sealed class Fixed(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "(in code)";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

public sealed class SqlitePostmortemStoreTests() : PostmortemStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresPostmortemStoreTests(PostgresServer server) : PostmortemStoreTests(server);
