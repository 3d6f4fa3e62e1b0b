using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Slack.Tests.Support;

/// <summary>
/// Stands in for Slack's Web API and response URLs: records every request (method, path, headers, body) and answers
/// with what the test queued for that path, or <c>{"ok":true,"ts":…}</c> by default. No network.
/// </summary>
internal sealed class StubSlackHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpResponseMessage>>> _answers = new(StringComparer.Ordinal);
    private int _sequence;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers the next call to <paramref name="path"/> (e.g. <c>/api/chat.postMessage</c>) with <paramref name="answer"/>.</summary>
    public void Enqueue(string path, Func<HttpResponseMessage> answer) =>
        _answers.GetOrAdd(path, _ => new()).Enqueue(answer);

    public void EnqueueJson(string path, string json, HttpStatusCode status = HttpStatusCode.OK) =>
        Enqueue(path, () => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public IReadOnlyList<RecordedRequest> To(string path) => [.. Requests.Where(r => r.Path == path)];

    /// <summary>Waits (bounded) until <paramref name="count"/> requests went to <paramref name="path"/>.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForAsync(string path, int count = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (To(path).Count < count)
        {
            await Task.Delay(10, timeout.Token);
        }
        return To(path);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            body);
        Requests.Enqueue(recorded);
        if (_answers.TryGetValue(recorded.Path, out var queue) && queue.TryDequeue(out var answer))
        {
            return answer();
        }
        var ts = $"1700000000.{Interlocked.Increment(ref _sequence):D6}";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"ok":true,"channel":"C0PAY","ts":"{{ts}}","message_ts":"{{ts}}"}""", Encoding.UTF8, "application/json") };
    }
}

internal sealed record RecordedRequest(HttpMethod Method, string Path, string Query, string? Authorization, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
