using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Slos;

/// <summary><c>GET /api/slo/status?scope=…</c> (the status report as JSON) and <c>POST /api/sli/{slo}</c> (push SLI counts).</summary>
internal static class SloEndpoints
{
    /// <summary>The longest interval one push may cover: longer ones would blur the burn windows.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    /// <summary>How far back a push may start: the longest window the bot keeps (a 28-day period plus a week of slack).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(35);

    /// <summary>How far in the future an interval may end: clocks of pushers drift.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapSloEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/slo").WithTags("SLOs").MapGet("/status", StatusAsync);
        endpoints.MapGroup("/api/sli").WithTags("SLOs").AddEndpointFilter<SliTokenFilter>().MapPost("/{slo}", PushAsync);
        return endpoints;
    }

    /// <summary>The status of a scope (a team, service, SLO, domain, business line; everything when omitted).</summary>
    private static async Task<Results<Ok<SloStatusResponse>, ProblemHttpResult>> StatusAsync(
        string? scope, CatalogHolder catalog, SloStatusBoard board, CancellationToken cancellationToken)
    {
        var resolved = string.IsNullOrWhiteSpace(scope) ? SloScope.Everything : SloStatusBoard.Resolve(catalog.Current, scope.Trim());
        if (resolved is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown scope",
                detail: $"scope '{scope}' is not a team, service, SLO, domain or business line in the catalog; omit it (or use 'all') for everything.");
        }
        return TypedResults.Ok(SloStatusResponse.From(await board.ReportAsync(resolved, cancellationToken)));
    }

    /// <summary>
    /// Records one interval's counts for an SLO. 201 when recorded, 200 when the same interval was already recorded
    /// with the same counts (a retry), 409 when it conflicts with a recorded one; 400 naming the field for bad input.
    /// </summary>
    private static async Task<Results<Created<SliPushResponse>, Ok<SliPushResponse>, ProblemHttpResult>> PushAsync(
        string slo, SliPushRequest? body, CatalogHolder catalog, ISliStore store, SliReadings readings, TimeProvider time,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (catalog.Current.FindSlo(slo) is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown SLO",
                detail: $"'{slo}' is not an SLO id in the catalog (ids look like <service>-<name>, e.g. checkout-api-requests-availability).");
        }
        var now = time.GetUtcNow();
        if (Problem(body, now) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid SLI push", detail: problem);
        }
        var push = new SliPush(slo, body!.Start!.Value, body.End!.Value, body.Good!.Value, body.Total!.Value);
        var result = await store.RecordAsync(push, now, cancellationToken);
        var log = logs.CreateLogger("Bot.Host.Slos.SliPush");
        switch (result.Outcome)
        {
            case SliPushOutcome.Recorded:
                readings.Invalidate(slo);
                log.LogDebug("Recorded SLI counts for {Slo}: {Good}/{Total} good from {Start:o} to {End:o}", slo, push.Good, push.Total, push.Start, push.End);
                return TypedResults.Created($"/api/slo/status?scope={Uri.EscapeDataString(slo)}", new SliPushResponse("recorded", result.Message));
            case SliPushOutcome.AlreadyRecorded:
                return TypedResults.Ok(new SliPushResponse("alreadyRecorded", result.Message));
            default:
                log.LogWarning("Refused SLI push for {Slo} from {Start:o} to {End:o}: {Reason}", slo, push.Start, push.End, result.Message);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "SLI interval conflicts", detail: result.Message);
        }
    }

    /// <summary>What is wrong with a push, naming the field; null when it is fine.</summary>
    internal static string? Problem(SliPushRequest? body, DateTimeOffset now)
    {
        if (body is null)
        {
            return "the body must be a JSON object {\"start\", \"end\", \"good\", \"total\"}.";
        }
        var missing = new[] { ("start", body.Start is null), ("end", body.End is null), ("good", body.Good is null), ("total", body.Total is null) }
            .Where(f => f.Item2).Select(f => f.Item1).ToList();
        if (missing.Count > 0)
        {
            return $"missing {string.Join(", ", missing)}: a push is {{\"start\": \"2026-11-22T10:00:00Z\", \"end\": \"2026-11-22T10:05:00Z\", \"good\": 998, \"total\": 1000}}.";
        }
        var (start, end, good, total) = (body.Start!.Value, body.End!.Value, body.Good!.Value, body.Total!.Value);
        if (end <= start)
        {
            return $"end ({end:o}) must be after start ({start:o}).";
        }
        if (end - start > MaxInterval)
        {
            return $"an interval covers at most {MaxInterval.TotalHours:0} hours; start {start:o} to end {end:o} is longer. Push one interval per hour or less.";
        }
        if (end > now + ClockSkew)
        {
            return $"end ({end:o}) is in the future (now is {now:o}).";
        }
        if (start < now - MaxAge)
        {
            return string.Create(CultureInfo.InvariantCulture, $"start ({start:o}) is more than {MaxAge.TotalDays:0} days ago; older counts fall outside every SLO window the bot keeps.");
        }
        if (total < 0 || good < 0)
        {
            return $"good and total must be 0 or more, got good {good} and total {total}.";
        }
        if (good > total)
        {
            return $"good ({good}) cannot exceed total ({total}).";
        }
        return null;
    }
}

/// <summary>One interval's counts: <see cref="Good"/> of <see cref="Total"/> events were good from <see cref="Start"/> to <see cref="End"/>.</summary>
internal sealed record SliPushRequest(DateTimeOffset? Start, DateTimeOffset? End, long? Good, long? Total);

/// <param name="Outcome"><c>recorded</c> or <c>alreadyRecorded</c>.</param>
internal sealed record SliPushResponse(string Outcome, string Message);
