using Bot.Core.Incidents;
using Bot.Core.Commands;

namespace Bot.Core.Tests.Commands;

public sealed class CommandGrammarTests
{
    [Theory]
    [InlineData("")]
    [InlineData("help")]
    [InlineData("  HELP  ")]
    public void Parse_HelpOrNothing_IsHelp(string text) => Assert.IsType<HelpCommand>(CommandGrammar.Parse(text));

    [Theory]
    [InlineData("status", null)]
    [InlineData("status payments", "payments")]
    public void Parse_Status_TakesOptionalScope(string text, string? scope) =>
        Assert.Equal(new StatusCommand(scope), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("ack", null)]
    [InlineData("ack 42", 42L)]
    [InlineData("ack #42", 42L)]
    [InlineData("acknowledge #7", 7L)]
    public void Parse_Ack_TakesOptionalIncidentId(string text, long? id) =>
        Assert.Equal(new AcknowledgeCommand(id), CommandGrammar.Parse(text));

    [Fact]
    public void Parse_Resolve_TakesIncidentId() => Assert.Equal(new ResolveCommand(9), CommandGrammar.Parse("resolve #9"));

    [Theory]
    [InlineData("ack forty-two", "'forty-two' is not an incident id; write it as 42 or #42.", "ack [incident]")]
    [InlineData("ack #0", "'#0' is not an incident id; write it as 42 or #42.", "ack [incident]")]
    [InlineData("resolve 1 2", "expected at most one incident id, got '1 2'.", "resolve [incident]")]
    [InlineData("status a b", "'status' takes at most 1 argument(s), got 'a b'.", "status [team|service|domain|all]")]
    public void Parse_BadArguments_NamesWhatWasWrong(string text, string problem, string usage) =>
        Assert.Equal(new InvalidCommand(problem, usage), CommandGrammar.Parse(text));

    [Fact]
    public void Parse_UnknownVerb_NamesItAndListsVerbs()
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandGrammar.Parse("deploy checkout"));

        Assert.StartsWith("'deploy' is not a command. Try one of: help, status, ack, resolve, oncall", invalid.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("incident #42 priority P1", 42L, 1, null, null)]
    [InlineData("incident 42 priority 2 workaround in place", 42L, 2, null, "workaround in place")]
    [InlineData("incident #7 severity critical most users cannot pay", 7L, null, IncidentSeverity.Critical, "most users cannot pay")]
    [InlineData("Incident #7 Severity WARNING", 7L, null, IncidentSeverity.Warning, null)]
    public void Parse_Incident_PriorityOrSeverityWithTheReason(string text, long id, int? priority, IncidentSeverity? severity, string? why) =>
        Assert.Equal(new ClassifyCommand(id, priority, severity, why), CommandGrammar.Parse(text));

    public static TheoryData<string, BotCommand> RoleCommands => new()
    {
        { "incident #42 coordinator me", new AssignRoleCommand(42, IncidentRole.Coordinator, RoleAssignee.Me, null) },
        { "incident 42 Communicator @ana she knows the customers", new AssignRoleCommand(42, IncidentRole.Communicator, RoleAssignee.Person("@ana"), "she knows the customers") },
        { "incident #42 expert <@U05A1PAY01|ana>", new AssignRoleCommand(42, IncidentRole.Expert, RoleAssignee.Person("<@U05A1PAY01|ana>"), null) },
        { "incident #42 experts <at>Ana Kovač</at>", new AssignRoleCommand(42, IncidentRole.Expert, RoleAssignee.Person("@Ana\u00A0Kovač"), null) },
        { "incident #42 coordinator rotation", new AssignRoleCommand(42, IncidentRole.Coordinator, RoleAssignee.OnCall(null), null) },
        { "incident #42 expert rotation payments-primary ledger expertise", new AssignRoleCommand(42, IncidentRole.Expert, RoleAssignee.OnCall("payments-primary"), "ledger expertise") },
        { "incident #42 communicator remove handed over", new ReleaseRoleCommand(42, IncidentRole.Communicator, null, "handed over") },
        { "incident #42 expert remove @bob", new ReleaseRoleCommand(42, IncidentRole.Expert, "@bob", null) },
        { "incident #42 roles", new ShowRolesCommand(42) },
    };

    [Theory]
    [MemberData(nameof(RoleCommands))]
    public void Parse_IncidentRole_AssignsReleasesOrShowsRoles(string text, BotCommand expected) =>
        Assert.Equal(expected, CommandGrammar.Parse(text));

    [Theory]
    [InlineData("incident priority P1", "name the incident first, e.g. 'incident #42 priority P1'.")]
    [InlineData("incident #42", "say what to change: 'priority P1', 'severity critical', a role ('coordinator me'), or 'roles' to see them.")]
    [InlineData("incident #42 priority", "say the new priority, e.g. 'priority P1'.")]
    [InlineData("incident #42 severity", "say the new severity, e.g. 'severity critical'.")]
    [InlineData("incident #42 coordinator", "say who is the coordinator: '@person', 'me', or 'rotation' for whoever is on call now.")]
    [InlineData("incident #42 expert remove", "say which expert to remove, e.g. 'expert remove @bob'.")]
    [InlineData("incident #42 roles now", "'roles' takes nothing after it, got 'now'.")]
    [InlineData("incident #42 priority P7", "'P7' is not a priority; use P1 to P5 (or 1 to 5).")]
    [InlineData("incident #42 severity fatal", "'fatal' is not a severity; use critical, error or warning.")]
    [InlineData("incident #42 owner ana", "'owner' cannot be changed; say 'priority', 'severity', 'coordinator', 'communicator', 'expert' or 'roles'.")]
    public void Parse_IncidentWithoutWhatToChange_SaysWhatIsWrong(string text, string problem) =>
        Assert.Equal(new InvalidCommand(problem, CommandGrammar.Usage("incident")), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("oncall", null)]
    [InlineData("oncall payments", "payments")]
    [InlineData("on-call @payments", "payments")]
    public void Parse_OnCall_TakesAnOptionalTeam(string text, string? scope) =>
        Assert.Equal(new OnCallCommand(scope), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("override @ana 2026-12-24T18:00 2026-12-27T09:00", "@ana", "2026-12-24T18:00", "2026-12-27T09:00")]
    [InlineData("override ana until +4h", "ana", null, "+4h")]
    [InlineData("override <at>Mei Tan</at> now +2h", "@Mei\u00A0Tan", "now", "+2h")]
    [InlineData("override <@U05A1PAY01|ana> now +2h", "<@U05A1PAY01|ana>", "now", "+2h")]
    public void Parse_Override_ReadsThePersonAndTheTimesAsTyped(string text, string person, string? from, string to) =>
        Assert.Equal(new OverrideCommand(person, from, to), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("rotate", null, false)]
    [InlineData("rotate confirm", null, true)]
    [InlineData("rotate payments", "payments", false)]
    [InlineData("rotate @payments confirm", "payments", true)]
    public void Parse_Rotate_TakesAnOptionalTeamAndConfirm(string text, string? team, bool confirmed) =>
        Assert.Equal(new RotateCommand(team, confirmed), CommandGrammar.Parse(text));

    [Fact]
    public void Parse_RotateWithTooMuch_IsInvalidWithTheUsage() =>
        Assert.Equal(CommandGrammar.Usage("rotate"), Assert.IsType<InvalidCommand>(CommandGrammar.Parse("rotate payments now please")).Usage);

    [Theory]
    [InlineData("cover 2026-12-24T18:00 2026-12-27T09:00", "2026-12-24T18:00", "2026-12-27T09:00")]
    [InlineData("cover now +4h", "now", "+4h")]
    [InlineData("cover until +2d", null, "+2d")]
    public void Parse_Cover_ReadsTheTimesAsTyped(string text, string? from, string to) =>
        Assert.Equal(new CoverCommand(from, to), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("cover")]
    [InlineData("cover tomorrow")]
    [InlineData("cover until")]
    [InlineData("cover now +1h extra")]
    public void Parse_CoverMalformed_IsInvalidWithTheUsage(string text) =>
        Assert.Equal(CommandGrammar.Usage("cover"), Assert.IsType<InvalidCommand>(CommandGrammar.Parse(text)).Usage);

    [Fact]
    public void Parse_OverrideCancel_IsTheCancelCommand() => Assert.IsType<OverrideCancelCommand>(CommandGrammar.Parse("override cancel"));

    [Theory]
    [InlineData("override")]
    [InlineData("override @ana")]
    [InlineData("override @ana until")]
    [InlineData("override @ana now +1h extra")]
    public void Parse_OverrideMalformed_IsInvalidWithTheUsage(string text) =>
        Assert.Equal(CommandGrammar.Usage("override"), Assert.IsType<InvalidCommand>(CommandGrammar.Parse(text)).Usage);

    [Fact]
    public void Verbs_EveryVerbHasSyntaxDescriptionAndExampleThatParses()
    {
        foreach (var verb in CommandGrammar.Verbs)
        {
            Assert.False(string.IsNullOrWhiteSpace(verb.Description));
            Assert.StartsWith(verb.Verb, verb.Syntax, StringComparison.Ordinal);
            Assert.IsNotType<InvalidCommand>(CommandGrammar.Parse(verb.Example));
        }
    }
}
