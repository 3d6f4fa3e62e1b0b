using Bot.Core.OnCall;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.OnCall;

/// <summary>
/// Read models anyone may query (like <c>/slo oncall</c>): <c>GET /api/teams/{team}/oncall</c> as JSON and <c>GET /api/teams/{team}/oncall.ics</c> as a calendar feed.
/// </summary>
internal static class OnCallEndpoints
{
    /// <summary>How many shifts after the current one the JSON lists.</summary>
    public const int UpcomingShifts = 3;

    /// <summary>How far ahead the calendar feed reaches.</summary>
    public static readonly TimeSpan CalendarHorizon = TimeSpan.FromDays(91);

    public static IEndpointRouteBuilder MapOnCallEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var teams = endpoints.MapGroup("/api/teams").WithTags("On-call");
        teams.MapGet("/{team}/oncall", GetAsync);
        teams.MapGet("/{team}/oncall.ics", CalendarAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<TeamOnCallResponse>, ProblemHttpResult>> GetAsync(string team, OnCallBoard board, CancellationToken cancellationToken) =>
        await board.ForTeamAsync(team, UpcomingShifts, cancellationToken) is { } onCall
            ? TypedResults.Ok(TeamOnCallResponse.From(onCall))
            : TeamNotFound(team);

    /// <summary>
    /// The coming shifts as an iCalendar feed (RFC 5545) that calendar apps subscribe to: <see cref="CalendarHorizon"/>
    /// ahead, one event per shift.
    /// </summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CalendarAsync(string team, OnCallBoard board, CancellationToken cancellationToken) =>
        await board.CalendarAsync(team, CalendarHorizon, cancellationToken) is { } calendar
            ? TypedResults.Text(calendar, "text/calendar; charset=utf-8")
            : TeamNotFound(team);

    private static ProblemHttpResult TeamNotFound(string team) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Team not found", detail: $"There is no team '{team}' in the catalog.");
}
