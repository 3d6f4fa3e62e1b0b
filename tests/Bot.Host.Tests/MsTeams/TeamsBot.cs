using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.OnCall;
using Bot.Host.Tests.EndToEnd;
using Bot.Host.Tests.Infrastructure;
using Bot.MsTeams.Fake;
using Bot.Slack.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.MsTeams;

/// <summary>
/// A fake Microsoft Teams tenant shaped like the example catalog (each team's <c>destinations.msTeams</c> channel, and
/// the payments people, each with the app in their personal scope so the bot can write to them), the real host on
/// loopback Kestrel pointed at it (token endpoint, OpenID metadata), and a driver that signs what Bot Framework sends.
/// With <c>withSlack</c>, a fake Slack too, so one incident lives on both platforms.
/// </summary>
internal sealed partial class TeamsBot : IAsyncDisposable
{
    public const string Tenant = "5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14";
    public const string PaymentsTeam = "19:a1f3c2d4e5b64f7a8c9d0e1f2a3b4c5d@thread.tacv2";
    public const string PaymentsChannel = "19:b2e4d3c5f6a74e8b9dad1f2e3b4c5d6e@thread.tacv2";
    public const string SlackPaymentsChannel = "C05PAYSLO01";
    public const string GatewayAvailability = "payment-gateway-requests-availability";

    public static readonly TeamsUser Ana = new("29:1Xq8fAnaKovacPaymentsNw01", "Ana Kovač", "0b5a3c1e-1111-4a2b-9c3d-000000000001", "ana@example.com", Tenant);
    public static readonly TeamsUser Kwame = new("29:1Xq8fKwameMensahPaymentsNw02", "Kwame Mensah", "0b5a3c1e-1111-4a2b-9c3d-000000000002", "kwame@example.com", Tenant);
    public static readonly TeamsUser Mei = new("29:1Xq8fMeiTanPaymentsNw03", "Mei Tan", "0b5a3c1e-1111-4a2b-9c3d-000000000003", "mei@example.com", Tenant);
    public static readonly TeamsUser Lena = new("29:1Xq8fLenaFischerPaymentsNw04", "Lena Fischer", "0b5a3c1e-1111-4a2b-9c3d-000000000004", "lena@example.com", Tenant);
    public static readonly TeamsUser Stranger = new("29:1ZzStrangerNotInTheCatalog", "Sam Stranger", "0b5a3c1e-1111-4a2b-9c3d-000000000099", "sam@example.com", Tenant);

    private TeamsBot(FakeTeams teams, KestrelBot bot, FakeSlack? slack)
    {
        Teams = teams;
        Bot = bot;
        Slack = slack;
        Driver = new TeamsDriver(teams, bot.Api.BaseAddress!);
    }

    public FakeTeams Teams { get; }

    public FakeSlack? Slack { get; }

    public KestrelBot Bot { get; }

    public TeamsDriver Driver { get; }

    /// <summary>The people of team payments in the fake tenant (the catalog's <c>msTeamsUserId</c>s).</summary>
    public static IReadOnlyList<TeamsUser> PaymentsPeople { get; } = [Ana, Kwame, Mei, Lena];

    /// <param name="configureServices">Replaces or adds host services, e.g. a clock the test moves or a recording escalation log.</param>
    public static async Task<TeamsBot> StartAsync(
        bool withSlack = false,
        Action<FakeTeamsOptions>? configure = null,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var options = new FakeTeamsOptions { TenantId = Tenant };
        configure?.Invoke(options);
        var teams = await FakeTeams.StartAsync(options);
        foreach (var (team, channel, tenant) in ExampleTenant())
        {
            teams.AddChannel(team, channel, tenant, installed: false);
        }
        foreach (var person in PaymentsPeople)
        {
            teams.AddUser(person);
        }
        var all = new Dictionary<string, string>
        {
            ["MsTeams:AppId"] = options.AppId,
            ["MsTeams:AppPassword"] = options.AppPassword,
            ["MsTeams:TenantId"] = Tenant,
            ["MsTeams:OpenIdMetadataUrl"] = teams.OpenIdMetadataUrl.ToString(),
            ["MsTeams:TokenEndpoint"] = teams.TokenEndpoint.ToString(),
            ["MsTeams:SigningKeyRefreshThrottle"] = "00:00:00",
            ["Delivery:InitialBackoff"] = "00:00:00.100",
            ["Delivery:MaxBackoff"] = "00:00:01",
        };
        FakeSlack? slack = null;
        if (withSlack)
        {
            var slackOptions = new FakeSlackOptions();
            slackOptions.Channels.Add(new FakeSlackChannel(SlackPaymentsChannel, "payments-slo-breaches"));
            slack = await FakeSlack.StartAsync(slackOptions);
            all["Slack:SigningSecret"] = "e2e0slack0signing0secret0f00d5a1";
            all["Slack:BotToken"] = slack.BotToken;
            all["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString();
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        return new TeamsBot(teams, new KestrelBot(configureServices, all), slack);
    }

    /// <summary>Ana adds the bot to the payments team, as Teams announces it: the bot learns the tenant's service URL.</summary>
    public async Task AddToPaymentsTeamAsync()
    {
        var added = await Driver.BotAddedToTeamAsync(Ana, PaymentsTeam);
        Assert.Equal(System.Net.HttpStatusCode.OK, added.Status);
    }

    /// <summary>One firing page-severity burn of <paramref name="sloId"/> in <paramref name="region"/>, started at <paramref name="startsAt"/> (by default a fixed instant).</summary>
    public async Task PostAlertAsync(string region = "eu-central-1", string sloId = GatewayAvailability, DateTimeOffset? startsAt = null)
    {
        using var response = await Bot.PostAlertmanagerAsync(LocalConsole.AlertmanagerPayload.Firing(
            startsAt ?? new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
            ("alertname", "ErrorBudgetBurn"), ("sloth_id", sloId), ("sloth_severity", "page"), ("environment", "production"), ("region", region)));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits for exactly one root post in <paramref name="channel"/> that satisfies <paramref name="until"/>, and returns it.</summary>
    public async Task<TeamsMessage> SinglePostAsync(string channel = PaymentsChannel, Func<TeamsMessage, bool>? until = null)
    {
        await KestrelBot.Until(() => Task.FromResult(BotPosts(channel) is [var m] && (until?.Invoke(m) ?? true)), $"one post by the bot in {channel}");
        return Assert.Single(BotPosts(channel));
    }

    /// <summary>The root posts the bot made in <paramref name="channel"/> (people's @mentions are posts too).</summary>
    public IReadOnlyList<TeamsMessage> BotPosts(string channel = PaymentsChannel) => [.. Teams.Posts(channel).Where(p => p.FromBot)];

    /// <summary>The first message <paramref name="find"/> picks from what Teams holds now, waited for.</summary>
    public static async Task<TeamsMessage> WaitForAsync(Func<TeamsMessage?> find, string what)
    {
        await KestrelBot.Until(() => Task.FromResult(find() is not null), what);
        return find()!;
    }

    /// <summary>The bot's root post in <paramref name="channel"/> that satisfies <paramref name="match"/>, waited for.</summary>
    public Task<TeamsMessage> BotPostAsync(Func<TeamsMessage, bool> match, string what, string channel = PaymentsChannel) =>
        WaitForAsync(() => BotPosts(channel).FirstOrDefault(match), what);

    /// <summary>The bot's message in its personal chat with <paramref name="user"/> that satisfies <paramref name="match"/>, waited for.</summary>
    public Task<TeamsMessage> ChatMessageAsync(TeamsUser user, Func<TeamsMessage, bool> match, string what) =>
        WaitForAsync(() => Teams.ChatMessages(user.Id).FirstOrDefault(m => m.FromBot && match(m)), $"{what} in the personal chat with {user.Name}");

    /// <summary>The bot's answer in the thread of a person's <c>@SLO Bot …</c> post, waited for: its text.</summary>
    public async Task<string> AnswerToAsync(TeamsDelivery mention, string channel = PaymentsChannel)
    {
        var id = (string?)mention.Activity["id"];
        var answer = await WaitForAsync(
            () => Teams.Posts(channel).FirstOrDefault(p => p.Id == id)?.Replies.FirstOrDefault(r => r.FromBot),
            $"the bot's answer to '{mention.Activity["text"]}'");
        return answer.AllText;
    }

    /// <summary>The bot's answer in its personal chat with <paramref name="user"/> to the message <paramref name="sent"/>, waited for: its text.</summary>
    public async Task<string> ChatAnswerToAsync(TeamsUser user, TeamsDelivery sent)
    {
        var after = Teams.ChatMessages(user.Id).ToList().FindIndex(m => m.Id == (string?)sent.Activity["id"]);
        var answer = await WaitForAsync(
            () => Teams.ChatMessages(user.Id).Skip(after + 1).FirstOrDefault(m => m.FromBot),
            $"the bot's answer to '{sent.Activity["text"]}' in the personal chat with {user.Name}");
        return answer.AllText;
    }

    /// <summary>The <c>POST v3/conversations</c> requests that start a post in <paramref name="channel"/> (not the ones that open personal chats).</summary>
    public IReadOnlyList<TeamsRequest> ChannelPostsCreated(string channel = PaymentsChannel) =>
        [.. Teams.RequestsOf(TeamsOperation.CreateConversation).Where(r => r.Body.Length > 0 && (string?)JsonNode.Parse(r.Body)?["channelData"]?["channel"]?["id"] == channel)];

    /// <summary>The example catalog as the bot loaded it.</summary>
    public ServiceCatalog Catalog => Bot.Services.GetRequiredService<CatalogHolder>().Current;

    /// <summary>The bot's own clock (a test may have replaced it).</summary>
    public DateTimeOffset Now => Bot.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>The payments rotation of the example catalog (<c>payments-primary</c>).</summary>
    public Rotation PaymentsRotation => Catalog.FindRotation("payments-primary") ?? throw new InvalidOperationException("The example catalog has no rotation payments-primary.");

    /// <summary>Team payments of the example catalog.</summary>
    public Team Payments => Catalog.FindTeam("payments") ?? throw new InvalidOperationException("The example catalog has no team payments.");

    /// <summary>The payments shift on the rotation's schedule at the bot's current time (no overrides), and the one after it.</summary>
    public (Shift Now, Shift Next) PaymentsShifts()
    {
        var now = OnCallSchedule.ShiftAt(PaymentsRotation, Now);
        return (now, OnCallSchedule.ShiftByNumber(PaymentsRotation, now.Number + 1));
    }

    /// <summary>A catalog member's display name.</summary>
    public string NameOf(string memberId) => Payments.FindMember(memberId)?.DisplayName ?? throw new InvalidOperationException($"No member {memberId} in team payments.");

    /// <summary>The Teams person of a payments member, by the catalog's <c>msTeamsUserId</c>.</summary>
    public TeamsUser UserOf(string memberId)
    {
        var teamsId = Payments.FindMember(memberId)?.MsTeamsUserId ?? throw new InvalidOperationException($"Member {memberId} has no msTeamsUserId in the catalog.");
        return PaymentsPeople.Single(p => p.Id == teamsId);
    }

    public async ValueTask DisposeAsync()
    {
        Driver.Dispose();
        Bot.Dispose();
        await Teams.DisposeAsync();
        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }
    }

    /// <summary>The example catalog's Teams side: each team's <c>destinations.msTeams</c> (team id, channel id, tenant id).</summary>
    private static IEnumerable<(string Team, string Channel, string Tenant)> ExampleTenant()
    {
        string? team = null, channel = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.ExampleCatalog, "teams.yaml")))
        {
            if (Field().Match(line) is not { Success: true } field)
            {
                continue;
            }
            var value = field.Groups[2].Value.Trim('"');
            switch (field.Groups[1].Value)
            {
                case "teamId":
                    team = value;
                    break;
                case "channelId":
                    channel = value;
                    break;
                default:
                    yield return (team!, channel!, value);
                    break;
            }
        }
    }

    [GeneratedRegex(@"^\s+(teamId|channelId|tenantId):\s*(\S.*)$")]
    private static partial Regex Field();
}
