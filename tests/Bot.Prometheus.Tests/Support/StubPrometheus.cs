using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Bot.Prometheus.Tests.Support;

/// <summary>
/// Answers the reader's HTTP calls with what a test scripts (by default an empty vector), and keeps each request, so
/// tests see the exact query, instant and headers sent.
/// </summary>
public sealed class StubPrometheus : HttpMessageHandler
{
    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer { get; set; } =
        (_, _) => Task.FromResult(Json(HttpStatusCode.OK, Vector()));

    public IReadOnlyList<HttpRequestMessage> Requests => [.. _requests];

    /// <summary>Completes once the first request has arrived.</summary>
    public Task Received => _received.Task;

    /// <summary>The <c>query</c> parameter of the only request.</summary>
    public string Query => Parameter("query");

    /// <summary>A query parameter of the only request, decoded.</summary>
    public string Parameter(string name)
    {
        var query = Assert.Single(Requests).RequestUri!.Query.TrimStart('?');
        return query.Split('&')
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair[1]))
            .Single();
    }

    /// <summary>Answers with samples labelled by window, as the reader's query makes Prometheus answer.</summary>
    public void AnswerWith(params (string Window, string Value)[] samples) =>
        Answer = (_, _) => Task.FromResult(Json(HttpStatusCode.OK, Vector(samples)));

    /// <summary>A successful instant-vector answer.</summary>
    public static string Vector(params (string Window, string Value)[] samples) =>
        JsonSerializer.Serialize(new
        {
            status = "success",
            data = new
            {
                resultType = "vector",
                result = samples.Select(s => new
                {
                    metric = new Dictionary<string, string> { ["slobot_window"] = s.Window },
                    value = new object[] { 1735516800, s.Value },
                }),
            },
        });

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        _received.TrySetResult();
        return await Answer(request, cancellationToken);
    }
}
