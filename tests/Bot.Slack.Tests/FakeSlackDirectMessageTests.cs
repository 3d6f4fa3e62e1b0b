using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Slack.Fake;

namespace Bot.Slack.Tests;

/// <summary>The fake's direct messages behave as Slack's, or the channel's direct-message tests would prove nothing.</summary>
public sealed class FakeSlackDirectMessageTests : IAsyncLifetime, IDisposable
{
    private FakeSlack _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var options = new FakeSlackOptions();
        options.Users.Add(new FakeSlackUser("U05A1PAY01", "ana.kovac", "Ana Kovač", "ana@example.com"));
        options.Users.Add(new FakeSlackUser("U05A1PAY02", "kwame.mensah", "Kwame Mensah", "kwame@example.com"));
        _slack = await FakeSlack.StartAsync(options);
        _http = new HttpClient { BaseAddress = _slack.ApiBaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _slack.BotToken);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> OpenAsync(string users)
    {
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("users", users)]);
        using var response = await _http.PostAsync(new Uri("conversations.open", UriKind.Relative), form);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> CallAsync(string method, object body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(method, UriKind.Relative), body);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task ConversationsOpen_ThePersonAgain_AnswersTheSameDirectMessage_AnotherPersonAnother()
    {
        var first = await OpenAsync("U05A1PAY01");
        var again = await OpenAsync("U05A1PAY01");
        var other = await OpenAsync("U05A1PAY02");

        var id = first.GetProperty("channel").GetProperty("id").GetString();
        Assert.Matches("^D[0-9A-Z]{8,}$", id);
        Assert.Equal(id, again.GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal((false, true), (first.GetProperty("already_open").GetBoolean(), again.GetProperty("already_open").GetBoolean()));
        Assert.NotEqual(id, other.GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal(id, _slack.DirectMessageChannel("U05A1PAY01"));
    }

    [Fact]
    public async Task DirectMessage_PostEditThreadReplyAndEphemeral_AreKeptAsInAChannel()
    {
        var dm = (await OpenAsync("U05A1PAY01")).GetProperty("channel").GetProperty("id").GetString()!;

        var posted = await CallAsync("chat.postMessage", new { channel = dm, text = "Handoff: accept?" });
        var ts = posted.GetProperty("ts").GetString();
        var edited = await CallAsync("chat.update", new { channel = dm, ts, text = "Handoff: accepted" });
        var replied = await CallAsync("chat.postMessage", new { channel = dm, text = "Kwame took over.", thread_ts = ts });
        var ephemeral = await CallAsync("chat.postEphemeral", new { channel = dm, user = "U05A1PAY01", text = "Done." });

        Assert.All(new[] { posted, edited, replied, ephemeral }, answer => Assert.True(answer.GetProperty("ok").GetBoolean()));
        Assert.Equal(dm, posted.GetProperty("channel").GetString());
        var message = Assert.Single(_slack.Messages(dm));
        Assert.Equal(("Handoff: accepted", 1), (message.Text, message.EditCount));
        Assert.Equal("Kwame took over.", Assert.Single(message.Replies).Text);
        Assert.Equal("Done.", Assert.Single(_slack.Ephemerals(dm, "U05A1PAY01")).Text);
        Assert.Equal(3, _slack.CallsOf("chat.postMessage").Count + _slack.CallsOf("chat.update").Count);
    }
}
