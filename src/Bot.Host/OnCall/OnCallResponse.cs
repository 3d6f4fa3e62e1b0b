using Bot.Core.Catalog;
using Bot.Core.OnCall;

namespace Bot.Host.OnCall;

/// <summary>A team's on-call as <c>GET /api/teams/{team}/oncall</c> returns it: per rotation, now and the coming shifts.</summary>
internal sealed record TeamOnCallResponse(string Team, string TeamName, DateTimeOffset At, IReadOnlyList<RotationOnCallResponse> Rotations)
{
    public static TeamOnCallResponse From(TeamOnCall board)
    {
        PersonResponse Person(string memberId) => new(memberId, board.Team.FindMember(memberId)?.DisplayName ?? memberId);
        ShiftResponse Shift(OnCallNow onCall, DateTimeOffset? since) => new(
            onCall.Shift.Number, onCall.Shift.Start, onCall.Shift.End, since, Person(onCall.Main), [.. onCall.Backups.Select(Person)],
            [.. onCall.Overrides.Select(o => new OverrideResponse(o.Id, Person(o.MemberId), o.Role.ToString().ToLowerInvariant(), o.From, o.To, o.CreatedBy))]);
        return new TeamOnCallResponse(
            board.Team.Id,
            board.Team.Name,
            board.At,
            [.. board.Rotations.Select(r => new RotationOnCallResponse(
                r.Rotation.Id,
                r.Rotation.Name,
                Shape(r.Rotation.Shape),
                r.Rotation.TimeZone,
                r.Now.InCoverage,
                Shift(r.Now, r.Now.Since),
                r.NextHandoff,
                [.. r.Upcoming.Select(u => Shift(u, null))]))]);
    }

    private static string Shape(RotationShape shape) => shape switch
    {
        RotationShape.OnePersonFixed => "onePersonFixed",
        RotationShape.OnePersonRotating => "onePersonRotating",
        RotationShape.MainBackupSwap => "mainBackupSwap",
        _ => "mainTwoBackups",
    };
}

/// <param name="Now">Who is on call now, overrides applied; <see cref="ShiftResponse.Since"/> says since when.</param>
/// <param name="Upcoming">The shifts after the next handoff, each as at its start.</param>
internal sealed record RotationOnCallResponse(
    string Id, string Name, string Shape, string TimeZone, bool InCoverage, ShiftResponse Now, DateTimeOffset NextHandoff, IReadOnlyList<ShiftResponse> Upcoming);

internal sealed record ShiftResponse(
    long Number, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? Since, PersonResponse Main, IReadOnlyList<PersonResponse> Backups, IReadOnlyList<OverrideResponse> Overrides);

internal sealed record PersonResponse(string Id, string Name);

internal sealed record OverrideResponse(long Id, PersonResponse Member, string Role, DateTimeOffset From, DateTimeOffset To, string CreatedBy);
