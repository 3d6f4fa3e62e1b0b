using System.Collections.Concurrent;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using Bot.MsTeams.Fake;
using Bot.MsTeams.Tests.Cards;
using Bot.MsTeams.Tests.Connector;
using Bot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace Bot.MsTeams.Tests.Notices;

/// <summary>
/// The Teams adapter as the host wires it (<c>AddMsTeams</c>, <c>MapMsTeamsEndpoints</c>) on loopback Kestrel, against
/// a <see cref="FakeTeams"/> over real HTTP both ways: the bot's <see cref="MsTeamsChatChannel"/> posts to the fake
/// Connector, and the <see cref="TeamsDriver"/> sends signed activities to <c>/api/messages</c>. Notices live in memory;
/// the one notice button is <see cref="AcceptHandoff"/>, a stand-in for the handoff use case.
/// </summary>
internal sealed class TeamsNoticeRig : IAsyncDisposable
{
    public const string TeamId = "19:3a8d1f0e5c2b4a6f9e7d0c1b2a3f4e5d@thread.tacv2";
    public const string ChannelId = "19:9c4e2b7a1d3f45e8b6a0c2d4e6f8a1b3@thread.tacv2";

    public static readonly TeamsUser Ana = new("29:1AnaKovacPaymentsOnCall", "Ana Kovač", "b15a9416-0ad3-4172-9210-7beb711d3f70");
    public static readonly TeamsUser Kwame = new("29:1KwameMensahPaymentsSre", "Kwame Mensah", "0e3f5a7c-9b1d-4e2f-8a6c-4d2b0f8e6a1c");

    /// <summary>In the catalog by her Entra object id rather than her <c>29:</c> id.</summary>
    public static readonly TeamsUser Lena = new("29:1LenaFischerPaymentsSre", "Lena Fischer", "7d2c9e4b-3a1f-4c8e-b6d0-2e5f8a1c3b79");

    /// <summary>Not in the catalog, and without the app in their personal scope.</summary>
    public static readonly TeamsUser Sam = new("29:1SamStrangerElsewhere", "Sam Stranger", "5a9e1c3d-7b2f-4e6a-8c0d-1f3b5d7e9a24");

    private readonly WebApplication _app;

    private TeamsNoticeRig(FakeTeams teams, WebApplication app, ManualClock clock, MemoryNotices notices, AcceptHandoff accept)
    {
        Teams = teams;
        _app = app;
        Clock = clock;
        Notices = notices;
        Accept = accept;
        Driver = new TeamsDriver(teams, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()));
    }

    public FakeTeams Teams { get; }

    public TeamsDriver Driver { get; }

    public ManualClock Clock { get; }

    public MemoryNotices Notices { get; }

    public AcceptHandoff Accept { get; }

    public MsTeamsChatChannel Channel => _app.Services.GetRequiredService<MsTeamsChatChannel>();

    public string Tenant => Teams.Options.TenantId;

    public ChatDestination PaymentsChannel => new(ChatPlatform.MsTeams, ChannelId, TeamId, Tenant);

    public static ServiceCatalog Catalog { get; } = new(
        [new OrgUnit("org", "Northwind", OrgUnitKind.Org, null)],
        [new Team(
            "payments",
            "Payments",
            "org",
            [
                new Member("ana", "Ana Kovač", null, null, Ana.Id, "Europe/Berlin"),
                new Member("kwame", "Kwame Mensah", null, null, Kwame.Id, "Africa/Accra"),
                new Member("lena", "Lena Fischer", null, null, Lena.AadObjectId, "Europe/Berlin"),
            ],
            [new ChatDestination(ChatPlatform.MsTeams, ChannelId, TeamId)],
            [])],
        [], [], [], [], [], [], [], []);

    /// <summary>
    /// The fake tenant (the Payments team with the app installed, Ana, Kwame and Lena with the app, Sam without) and the
    /// bot, which has heard from the tenant (it knows the service URL).
    /// </summary>
    public static async Task<TeamsNoticeRig> StartAsync(string? botTenantId = "")
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var teams = await FakeTeams.StartAsync(new FakeTeamsOptions { TimeProvider = clock });
        teams.AddChannel(TeamId, TeamId, name: "Payments");
        teams.AddChannel(TeamId, ChannelId, name: "payments-oncall");
        teams.AddUser(Ana);
        teams.AddUser(Kwame);
        teams.AddUser(Lena);
        teams.AddUser(Sam, installed: false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MsTeams:AppId"] = teams.Options.AppId,
            ["MsTeams:AppPassword"] = teams.Options.AppPassword,
            // "" means the fake's tenant; null leaves MsTeams:TenantId unset.
            ["MsTeams:TenantId"] = botTenantId == "" ? teams.Options.TenantId : botTenantId,
            ["MsTeams:OpenIdMetadataUrl"] = teams.OpenIdMetadataUrl.ToString(),
            ["MsTeams:TokenEndpoint"] = teams.TokenEndpointFor(teams.Options.TenantId).ToString(),
            ["MsTeams:SigningKeyRefreshThrottle"] = "00:00:00",
        });

        var conversations = new MemoryConversationStore();
        conversations.Seen(teams.Options.TenantId, teams.ServiceUrl.ToString(), clock.Now);
        var catalog = new CatalogHolder(new FixedCatalog(Catalog), clock);
        catalog.Reload();
        var incidents = Mock.Of<IIncidentStore>();
        var notices = new MemoryNotices();
        var accept = new AcceptHandoff(notices);
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IMsTeamsConversationStore>(conversations);
        services.AddSingleton(catalog);
        services.AddSingleton(incidents);
        services.AddSingleton(CommandReplies.Handler(catalog, incidents, clock));
        var incidentActions = new IncidentActions(catalog, incidents, clock);
        services.AddSingleton(incidentActions);
        services.AddSingleton(new MessageActions(incidentActions));
        services.AddSingleton<INoticeStore>(notices);
        services.AddSingleton<INoticeAction>(accept);
        services.AddSingleton<NoticeActions>();
        builder.AddMsTeams();

        var app = builder.Build();
        app.MapMsTeamsEndpoints();
        await app.StartAsync();
        return new TeamsNoticeRig(teams, app, clock, notices, accept);
    }

    /// <summary>The direct-message destination of a person, by the id the catalog knows them by.</summary>
    public ChatDestination Direct(string userId, string? tenant = null) => ChatDestination.Direct(ChatPlatform.MsTeams, userId, tenant ?? Tenant);

    public async ValueTask DisposeAsync()
    {
        Driver.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Teams.DisposeAsync();
    }

    private sealed class FixedCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "the notice rig";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

/// <summary>Notices by id, as the store would find them; only reads, which is all <see cref="NoticeActions"/> does.</summary>
internal sealed class MemoryNotices : INoticeStore
{
    private readonly ConcurrentDictionary<long, Notice> _notices = new();

    public Notice Add(NoticeMessage message)
    {
        var notice = new Notice(
            message.NoticeId, NoticeKind.Handoff, "payments", "payments-primary", $"handoff:{message.NoticeId}", NoticeState.Open, "{}", message, message.Version,
            DateTimeOffset.UnixEpoch);
        _notices[notice.Id] = notice;
        return notice;
    }

    public void Save(Notice notice) => _notices[notice.Id] = notice;

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_notices.GetValueOrDefault(id));

    public Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Teams tests' notice action saves directly.");

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) =>
        Task.FromResult(_notices.Values.FirstOrDefault(n => n.DedupKey == dedupKey));

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Notice>>([.. _notices.Values.Where(n => n.TeamId == teamId).OrderByDescending(n => n.Id).Take(limit)]);
}

/// <summary>
/// The handoff's button, standing in for the use case: only Kwame (the incoming main) may accept; his click turns the
/// notice green, without buttons, naming him. Every click is recorded with the context it came with.
/// </summary>
internal sealed class AcceptHandoff(MemoryNotices notices) : INoticeAction
{
    private readonly ConcurrentQueue<(long NoticeId, CommandContext Context)> _clicks = new();

    public string ActionId => MessageAction.AcceptHandoff.Id;

    public IReadOnlyList<(long NoticeId, CommandContext Context)> Clicks => [.. _clicks];

    public Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken)
    {
        _clicks.Enqueue((notice.Id, context));
        if (context.By.Id != "kwame")
        {
            return Task.FromResult(new CommandReply(false, $"Only Kwame Mensah, the incoming main, can accept this handoff; {context.By.Name} is not."));
        }
        var message = notice.Message with
        {
            Version = notice.Version + 1,
            Tone = NoticeTone.Good,
            Actions = [],
            Footer = $"Accepted by {ChatText.Mention("kwame")}.",
        };
        notices.Save(notice with { State = NoticeState.Taken, TakenBy = "kwame", Message = message, Version = notice.Version + 1 });
        return Task.FromResult(new CommandReply(true, "You accepted the handoff of Payments primary."));
    }
}
