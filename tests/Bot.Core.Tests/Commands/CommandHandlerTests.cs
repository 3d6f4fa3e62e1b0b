using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Slos;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Commands;

public sealed class CommandHandlerTests
{
    private static readonly Actor Ana = new("ana", "Ana Souza", ActionSource.Console);
    private readonly ListingStore _store = new();
    private readonly InMemoryRotationOverrides _overrides = new();
    private readonly CommandHandler _handler;
    private readonly ServiceCatalog _catalog = TestCatalog.Create();

    public CommandHandlerTests()
    {
        var holder = new CatalogHolder(new FixedSource(_catalog), TimeProvider.System);
        holder.Reload();
        var rules = new RotationOverrides(holder, _overrides, TimeProvider.System);
        var destinations = new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console });
        var notices = new InMemoryNotices(_overrides);
        _handler = new CommandHandler(holder, _store, new IncidentActions(holder, _store, TimeProvider.System), new OnCallBoard(holder, _overrides, TimeProvider.System),
            rules, new HandoffPrompts(holder, notices, _overrides, _store, destinations, new RecordingTimers(), new OnCallOptions(), TimeProvider.System),
            new CoverRequests(holder, notices, _overrides, rules, destinations, TimeProvider.System), TimeProvider.System,
            Budget.StatusBoards.Over(holder, _store, TimeProvider.System));
    }

    [Fact]
    public async Task Help_ListsEveryVerbWithExample()
    {
        var reply = await _handler.HandleAsync("help", new CommandContext(Ana, null), CancellationToken.None);

        Assert.True(reply.Succeeded);
        foreach (var verb in CommandGrammar.Verbs)
        {
            Assert.Contains($"• {verb.Syntax} — ", reply.Text, StringComparison.Ordinal);
            Assert.Contains($"Example: {verb.Example}", reply.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadArguments_NamesProblemAndUsage()
    {
        var reply = await _handler.HandleAsync("ack soon", new CommandContext(Ana, null), CancellationToken.None);

        Assert.Equal(new CommandReply(false, "'soon' is not an incident id; write it as 42 or #42.\nUsage: ack [incident]"), reply);
    }

    [Fact]
    public async Task Status_Team_ShowsTheSloRows_ThenItsOpenIncidentsMostSevereFirst()
    {
        _store.Add(Incident(1, "payments", "checkout", IncidentSeverity.Warning, IncidentState.Open));
        _store.Add(Incident(2, "payments", "ledger", IncidentSeverity.Critical, IncidentState.Acknowledged) with { Acknowledged = new Stamp(Ana, TestAlerts.T0) });
        _store.Add(Incident(3, "search", "search-api", IncidentSeverity.Critical, IncidentState.Open));

        var reply = await _handler.HandleAsync("status payments", new CommandContext(Ana, null), CancellationToken.None);

        Assert.True(reply.Succeeded);
        Assert.Equal(SloScopeKind.Team, reply.Status!.Scope.Kind);
        Assert.Equal(3, reply.Status.Rows.Count);
        var lines = reply.Text.Split('\n');
        Assert.StartsWith("Team Payments · 3 SLOs: 3 healthy · ", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count(l => l.StartsWith("🟢 ", StringComparison.Ordinal)));
        Assert.Equal("Open incidents (2):", lines[4]);
        Assert.StartsWith("• #2 critical · Errors of 2 ·", lines[5], StringComparison.Ordinal);
        Assert.EndsWith("acknowledged by Ana Souza", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("• #1 warning", lines[6], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public async Task Status_Service_FiltersRowsAndIncidentsToThatService()
    {
        _store.Add(Incident(1, "payments", "checkout", IncidentSeverity.Warning, IncidentState.Open));
        _store.Add(Incident(2, "payments", "ledger", IncidentSeverity.Critical, IncidentState.Open));

        var reply = await _handler.HandleAsync("status ledger", new CommandContext(Ana, null), CancellationToken.None);

        Assert.Equal(["ledger-availability"], reply.Status!.Rows.Select(r => r.SloId));
        Assert.StartsWith("Service Ledger · 1 SLO: 1 healthy", reply.Text, StringComparison.Ordinal);
        Assert.Contains("\nOpen incidents (1):\n• #2 ", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoScope_UsesTheChannelsTeam()
    {
        var reply = await _handler.HandleAsync("status", new CommandContext(Ana, "search"), CancellationToken.None);

        Assert.Equal(new SloScope(SloScopeKind.Team, "search", "Search"), reply.Status!.Scope);
        Assert.DoesNotContain("Open incidents", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Domain_RollsUpItsTeams()
    {
        var reply = await _handler.HandleAsync("status commerce", new CommandContext(Ana, null), CancellationToken.None);

        Assert.Equal(["payments"], reply.Status!.Children.Select(c => c.Id));
        Assert.Contains("By team, worst first:\n• Payments · 3 SLOs: 3 healthy", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownScope_SaysSo()
    {
        var reply = await _handler.HandleAsync("status growth", new CommandContext(Ana, null), CancellationToken.None);

        Assert.Equal(new CommandReply(false, "'growth' is not a team, service, SLO, domain or business line in the catalog; 'status all' shows everything.\nUsage: status [team|service|domain|all]"), reply);
    }

    [Fact]
    public void ContextFor_KnownSlackUserInTeamChannel_IsTheMemberAndTheTeam()
    {
        var context = CommandContext.For(_catalog, ChatPlatform.Slack, "U01LI", "li.wei", "console:search-slo-breaches", ActionSource.Slack);

        Assert.Equal(new CommandContext(new Actor("li", "Li Wei", ActionSource.Slack), "search"), context);
    }

    [Fact]
    public void ContextFor_UnknownUser_KeepsTheirPlatformIdentity()
    {
        var context = CommandContext.For(_catalog, ChatPlatform.Slack, "U0NOBODY", "guest", null, ActionSource.Slack);

        Assert.Equal(new CommandContext(new Actor("U0NOBODY", "guest", ActionSource.Slack), null), context);
    }

    private static IncidentRecord Incident(long id, string team, string service, IncidentSeverity severity, IncidentState state) => new(
        id, $"k{id}", $"Errors of {id}", team, service, null, null, null, state, severity, null, 1, TestAlerts.T0.AddMinutes(id), TestAlerts.T0, TestAlerts.T0,
        null, null, null, false, IncidentLinks.None, null, 1, [new IncidentAlert($"f{id}", TestAlerts.T0, severity, AlertStatus.Firing, null)]);
}
