using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.OnCall;

namespace Bot.Core.Commands;

/// <summary>
/// The answer to <c>oncall</c>: per rotation, who is main and backup now and since when, the next handoff, and the two
/// shifts after it, every time in the reader's own time zone (their catalog <c>timeZone</c>; the rotation's otherwise).
/// </summary>
internal static class OnCallReply
{
    public static CommandReply For(TeamOnCall board, ServiceCatalog catalog, Member? reader)
    {
        if (board.Rotations.Count == 0)
        {
            return new CommandReply(true, $"Team {board.Team.Name} has no on-call rotation in the catalog.");
        }
        var text = new StringBuilder();
        foreach (var entry in board.Rotations)
        {
            var rotation = entry.Rotation;
            var zone = CommandWords.Zone(reader?.TimeZone ?? rotation.TimeZone);
            var team = catalog.FindTeam(rotation.TeamId);
            string Local(DateTimeOffset at) => CommandWords.Local(at, zone);

            var now = entry.Now;
            text.Append(CultureInfo.InvariantCulture, $"On call for {board.Team.Name} — {rotation.Name} (handoff {rotation.HandoffDay} {rotation.HandoffTime:HH\\:mm} {rotation.TimeZone}):\n");
            if (!now.InCoverage)
            {
                text.Append("• Outside the rotation's coverage hours now: nobody is paged until they start.\n");
            }
            var overridden = now.Overrides.Any(o => o.Role == OnCallRole.Main) ? " (covering by override)" : "";
            text.Append(CultureInfo.InvariantCulture, $"• Now: {Name(team, now.Main)}{overridden} since {Local(now.Since)}{Backups(team, now.Backups)}\n");
            text.Append(CultureInfo.InvariantCulture, $"• Next handoff: {Local(entry.NextHandoff)} ({Until(entry.NextHandoff - board.At)})");
            if (entry.Upcoming is [var next, ..])
            {
                text.Append(CultureInfo.InvariantCulture, $" → {Holders(team, next.Main, next.Backups)}");
            }
            text.Append('\n');
            foreach (var later in entry.Upcoming.Skip(1))
            {
                text.Append(CultureInfo.InvariantCulture, $"• Then {Local(later.Shift.Start)}: {Holders(team, later.Main, later.Backups)}\n");
            }
        }
        return new CommandReply(true, text.ToString().TrimEnd());
    }

    /// <summary>Who holds a shift, by name: <c>Mei Tan, backup Ana Kovač, then Kwame Mensah</c>.</summary>
    public static string Holders(Team? team, string main, IReadOnlyList<string> backups) => Name(team, main) + Backups(team, backups);

    private static string Name(Team? team, string memberId) => team?.FindMember(memberId)?.DisplayName ?? memberId;

    private static string Backups(Team? team, IReadOnlyList<string> backups) =>
        backups.Count == 0 ? "" : $", backup {string.Join(", then ", backups.Select(b => Name(team, b)))}";

    private static string Until(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"in {(int)span.TotalDays} d {span.Hours} h"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"in {(int)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"in {Math.Max(1, (int)Math.Ceiling(span.TotalMinutes))} min"),
    };
}
