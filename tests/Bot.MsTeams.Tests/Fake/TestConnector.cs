using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bot.MsTeams.Fake;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>The bot's side of the Connector, by hand: a client-credentials token from the fake Entra, then raw REST calls.</summary>
internal sealed class TestConnector(FakeTeams teams) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = teams.ServiceUrl };

    public static FormUrlEncodedContent TokenForm(string? clientId = null, string? secret = null, string scope = "https://api.botframework.com/.default", string grantType = "client_credentials") =>
        new(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = clientId ?? "7b1e3c52-5d0a-4f6e-9b8c-2f4d6a1e0c93",
            ["client_secret"] = secret ?? "fake~teams~secret~Q8s7Yx2Vn4Lk",
            ["scope"] = scope,
        });

    public async Task<string> TokenAsync()
    {
        using var client = new HttpClient();
        using var form = TokenForm(teams.Options.AppId, teams.Options.AppPassword);
        using var response = await client.PostAsync(teams.TokenEndpoint, form);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    public async Task<TestConnector> AuthenticateAsync()
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        return this;
    }

    public void Authorize(AuthenticationHeaderValue? header) => _http.DefaultRequestHeaders.Authorization = header;

    public static string Activities(string conversationId, string? activityId = null) =>
        $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities" + (activityId is null ? "" : "/" + Uri.EscapeDataString(activityId));

    public Task<Answer> CreateInChannelAsync(string channelId, JsonObject activity, string? tenantId = null) =>
        SendAsync(HttpMethod.Post, "v3/conversations", new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId }, ["tenant"] = new JsonObject { ["id"] = tenantId ?? teams.Options.TenantId } },
            ["activity"] = activity,
            ["tenantId"] = tenantId ?? teams.Options.TenantId,
        });

    public Task<Answer> PostAsync(string conversationId, JsonObject activity, string? replyToId = null) =>
        SendAsync(HttpMethod.Post, Activities(conversationId, replyToId), activity);

    public Task<Answer> PutAsync(string conversationId, string activityId, JsonObject activity) =>
        SendAsync(HttpMethod.Put, Activities(conversationId, activityId), activity);

    public Task<Answer> DeleteAsync(string conversationId, string activityId) =>
        SendAsync(HttpMethod.Delete, Activities(conversationId, activityId), null);

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Answer> SendAsync(HttpMethod method, string path, JsonNode? body, string contentType = "application/json") =>
        SendRawAsync(method, path, body?.ToJsonString(), contentType);

    public async Task<Answer> SendRawAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text, text.Length > 0 ? JsonNode.Parse(text) : null, response.Headers.RetryAfter?.Delta);
    }

    public void Dispose() => _http.Dispose();

    public static JsonObject Message(string text) => new() { ["type"] = "message", ["textFormat"] = "markdown", ["text"] = text };

    public static JsonObject CardMessage(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
    };

    /// <summary>An incident card shaped like the bot's: a heading, facts, and Acknowledge/Resolve as Action.Execute with Submit fallbacks.</summary>
    public static JsonObject IncidentCard(string title = "payments-availability is burning its error budget", string version = "1.5") => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = version,
        ["body"] = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = title, ["weight"] = "Bolder", ["wrap"] = true },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(new JsonObject { ["title"] = "Service", ["value"] = "payments" }, new JsonObject { ["title"] = "Region", ["value"] = "eu-west-1" }),
            }),
        ["actions"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = "Acknowledge",
                ["verb"] = "acknowledge",
                ["data"] = new JsonObject { ["incidentId"] = "inc-42" },
                ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = "Acknowledge", ["data"] = new JsonObject { ["action"] = "acknowledge", ["incidentId"] = "inc-42" } },
            },
            new JsonObject { ["type"] = "Action.Execute", ["title"] = "Resolve", ["verb"] = "resolve", ["data"] = new JsonObject { ["incidentId"] = "inc-42" } }),
    };
}

/// <summary>What the Connector answered.</summary>
internal sealed record Answer(HttpStatusCode Status, string Body, JsonNode? Json, TimeSpan? RetryAfter)
{
    public string? ErrorCode => Json?["error"]?["code"]?.GetValue<string>();

    public string? Id => Json?["id"]?.GetValue<string>();
}
