namespace Bot.Core.Commands;

/// <summary>A command in the platform-neutral grammar, <c>&lt;verb&gt; &lt;args&gt;</c>, whatever chat it came from.</summary>
public abstract record BotCommand;

/// <summary><c>help</c>: every verb with an example.</summary>
public sealed record HelpCommand : BotCommand;

/// <summary><c>status [team|service]</c>: the open incidents of a team or service, or of the caller's teams.</summary>
public sealed record StatusCommand(string? Scope) : BotCommand;

/// <summary><c>ack [incident]</c>: acknowledge; with no id, the latest open incident of the channel's team.</summary>
public sealed record AcknowledgeCommand(long? IncidentId) : BotCommand;

/// <summary><c>resolve [incident]</c>: resolve by hand; with no id, the latest open incident of the channel's team.</summary>
public sealed record ResolveCommand(long? IncidentId) : BotCommand;

/// <summary><c>oncall [team|service]</c>: who is on call now for a team, since when, the next handoff and the shifts after it.</summary>
public sealed record OnCallCommand(string? Scope) : BotCommand;

/// <summary>
/// <c>override @person &lt;from&gt; &lt;to&gt;</c> or <c>override @person until &lt;when&gt;</c>: the person covers the
/// channel team's rotation as main for a while. Times are as typed; the handler reads them in the reader's time zone.
/// </summary>
/// <param name="From">Null for "from now".</param>
public sealed record OverrideCommand(string Person, string? From, string To) : BotCommand;

/// <summary><c>override cancel</c>: cancels the caller's latest current or coming override.</summary>
public sealed record OverrideCancelCommand : BotCommand;

/// <summary><c>cover &lt;from&gt; &lt;to&gt;</c> or <c>cover until &lt;to&gt;</c>: ask the team to take a stretch of your shift (from now when <see cref="From"/> is null).</summary>
public sealed record CoverCommand(string? From, string To) : BotCommand;

/// <summary><c>rotate [team] [confirm]</c>: hand the rotation over to the next shift's people now; without <c>confirm</c>, says what it would do.</summary>
public sealed record RotateCommand(string? Team, bool Confirmed) : BotCommand;

/// <summary><c>incident &lt;id&gt; priority &lt;P1-P5&gt; | severity &lt;level&gt; [why]</c>: reclassify an incident by hand.</summary>
public sealed record ClassifyCommand(long IncidentId, int? Priority, Incidents.IncidentSeverity? Severity, string? Why) : BotCommand;

/// <summary>Text that is not a valid command: what was wrong, and the usage that would be right.</summary>
public sealed record InvalidCommand(string Problem, string Usage) : BotCommand;

/// <summary>A verb of the incident response (roles, stakeholder notifications, postmortems, action items), run by its <see cref="ICommandFamily"/>.</summary>
public abstract record ResponseCommand : BotCommand;
