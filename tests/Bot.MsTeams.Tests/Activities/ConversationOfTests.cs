using System.Text.Json;
using Bot.MsTeams.Activities;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Tests.Activities;

public sealed class ConversationOfTests
{
    private const string Channel = "19:b2e4d3c5f6a74e8b9dad1f2e3b4c5d6e@thread.tacv2";
    private const string Team = "19:a1f3c2d4e5b64f7a8c9d0e1f2a3b4c5d@thread.tacv2";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reference_ThreadMessageInAChannel_IsTheChannelNotTheThread()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ServiceUrl = "https://smba.trafficmanager.net/emea/tenant/",
            Recipient = new ChannelAccount("28:bot"),
            Conversation = new ConversationAccount($"{Channel};messageid=1767765488332") { ConversationType = "channel", TenantId = "tenant" },
            ChannelData = new TeamsChannelData { Team = new TeamInfo(Team), Channel = new TeamInfo(Channel), Tenant = new TenantInfo("tenant") },
        };

        var reference = ConversationOf.Reference(activity, Now);

        Assert.Equal(new Bot.Core.Storage.MsTeamsConversation(Channel, "https://smba.trafficmanager.net/emea/tenant/", "tenant", "channel", Team, Channel, "28:bot", Now), reference);
        Assert.Equal($"msteams:{Channel}", ConversationOf.DestinationKey(activity));
    }

    [Fact]
    public void BaseId_WithoutChannelData_StripsTheThreadSuffix() =>
        Assert.Equal(Channel, ConversationOf.BaseId(new Activity { Conversation = new ConversationAccount($"{Channel};messageid=42") }));

    [Fact]
    public void Reference_WithoutServiceUrl_IsNotKept() =>
        Assert.Null(ConversationOf.Reference(new Activity { Conversation = new ConversationAccount("a:personal") }, Now));

    [Theory]
    [InlineData("""{"action":"incident.acknowledge","incidentId":42}""", "incident.acknowledge", 42L)]
    [InlineData("""{"action":"incident.resolve","incidentId":"#7"}""", "incident.resolve", 7L)]
    [InlineData("""{"action":"incident.resolve","incidentId":0}""", null, null)]
    [InlineData("""{"action":"deploy","incidentId":1}""", null, null)]
    [InlineData("""{"incidentId":1}""", null, null)]
    [InlineData("""[1]""", null, null)]
    public void SubmittedAction_ReadsTheFallbacksData(string value, string? verb, long? incidentId)
    {
        var activity = new Activity { Type = ActivityTypes.Message, Value = JsonDocument.Parse(value).RootElement };

        var submitted = CommandMessages.SubmittedAction(activity);

        Assert.Equal(verb, submitted?.Verb);
        Assert.Equal(incidentId, submitted?.IncidentId);
    }
}
