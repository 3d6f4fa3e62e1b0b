using System.Net;
using System.Text.Json.Nodes;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Fake;
using Bot.MsTeams.Tests.Cards;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>
/// The fake Connector's checks of a card's inputs (<c>Input.Text</c>, <c>Input.ChoiceSet</c>), as Teams would render
/// them: the bot's own menus and postmortem form pass; a choice set whose value is not a choice, inputs without an id
/// or with the same id, a choice without a value, a text longer than its maxLength are a bad argument.
/// </summary>
public sealed class FakeTeamsInputTests : IAsyncLifetime, IDisposable
{
    private const string Team = "19:0c4b2a6e8d1f4a3c9e5b7d2f6a8c0e4b@thread.tacv2";
    private const string Payments = "19:5a7c9e1b3d5f4b6d8f0a2c4e6b8d0f2a@thread.tacv2";

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeTeams _teams = null!;
    private TestConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeTeams.StartAsync(new FakeTeamsOptions { TimeProvider = _clock });
        _teams.AddChannel(Team, Team, name: "Payments");
        _teams.AddChannel(Team, Payments, name: "payments-slo");
        _connector = await new TestConnector(_teams).AuthenticateAsync();
    }

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    public void Dispose() => _connector.Dispose();

    private static JsonObject CardWith(params JsonNode[] body) => AdaptiveElements.Card(new JsonArray(body));

    [Fact]
    public async Task BotsIncidentMenusAndPostmortemForm_AreAccepted()
    {
        var incident = IncidentCard.Render(CardFixtures.Message(CardFixtures.Open()), StandInPriorities.BookDefaults);
        var form = PostmortemFormCard.Render(StandInPriorities.Postmortem(), "PM-7 started for incident #42.");

        var posted = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(incident));
        var formPosted = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(form));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (posted.Status, formPosted.Status));
    }

    [Theory]
    [InlineData("choice value", "is not one of its choices")]
    [InlineData("no id", "needs an id")]
    [InlineData("same id", "is used twice")]
    [InlineData("choice without value", "needs a string title and value")]
    [InlineData("text over maxLength", "longer than maxLength")]
    public async Task CardWithABadInput_IsABadArgument(string fault, string problem)
    {
        JsonObject card = fault switch
        {
            "choice value" => CardWith(AdaptiveElements.ChoiceSet("severity", "Severity", [("critical", "critical")], "fatal")),
            "no id" => CardWith(new JsonObject { ["type"] = "Input.Text", ["label"] = "Summary" }),
            "same id" => CardWith(AdaptiveElements.TextInput("summary", "Summary", null, true), AdaptiveElements.TextInput("summary", "Summary again", null, true)),
            "choice without value" => CardWith(new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "p", ["choices"] = new JsonArray(new JsonObject { ["title"] = "P1" }) }),
            _ => CardWith(new JsonObject { ["type"] = "Input.Text", ["id"] = "s", ["maxLength"] = 3, ["value"] = "four" }),
        };

        var answer = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(card));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(problem, answer.Body, StringComparison.Ordinal);
    }
}
