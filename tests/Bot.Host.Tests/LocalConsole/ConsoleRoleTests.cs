using System.Text.Json.Nodes;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// Incident response roles in the console, on the example catalog: taken by button or by command, given to a rotation
/// (whose current on-call is pulled in), suggested when the severity is set, and refused to outsiders.
/// </summary>
public sealed class ConsoleRoleTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    // At ConsoleBot.Now (Monday 2026-05-04 10:20 UTC), 69 weeks into the example rotations: Tomasz Nowak coordinates
    // (grace, tomasz) and Arjun Mehta communicates (olivia, arjun).
    private const string OnCallCoordinator = "Tomasz Nowak";

    private static async Task<long> OpenIncidentAsync(ConsoleBot bot)
    {
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        return (long)Card(messages)["body"]!["incidentId"]!;
    }

    private static ConsoleBot Bot() => new(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });

    [Fact]
    public async Task CoordinateButton_TakesTheRole_TheCardShowsItAndDropsTheButton()
    {
        await using var bot = Bot();
        var id = await OpenIncidentAsync(bot);
        var card = Card(await bot.MessagesAsync(PaymentsChannel));
        Assert.Equal(["incident.acknowledge", "incident.resolve", "incident.coordinate", "incident.communicate", "incident.postmortem"], ActionIds(card));
        Assert.Contains(("Roles", "Coordinator — · Communicator — · Experts —"), Fields(card));

        var answer = await bot.ActionAsync(PaymentsChannel, "kwame", "incident.coordinate", incidentId: id);

        Assert.True(answer.Ok, answer.Text);
        Assert.Equal($"Incident #{id}: Kwame Mensah took the coordinator role.", answer.Text);
        var messages = await bot.WaitForChannelAsync(
            PaymentsChannel, m => ConsoleBot.RepliesIn(m).Any(r => r.Text == "Kwame Mensah took the coordinator role"), "the role in the thread");
        var edited = Card(messages);
        Assert.Contains(("Roles", "Coordinator Kwame Mensah · Communicator — · Experts —"), Fields(edited));
        Assert.Equal(["incident.acknowledge", "incident.resolve", "incident.communicate", "incident.postmortem"], ActionIds(edited));
    }

    [Fact]
    public async Task CoordinatorByCommand_ToTheRotation_PullsInWhoIsOnCallNow_ThenRolesListsEveryone()
    {
        await using var bot = Bot();
        var id = await OpenIncidentAsync(bot);

        var coordinator = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} coordinator rotation");
        var expert = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} expert @mei knows the acquirers");
        var roles = await bot.CommandAsync(PaymentsChannel, "emma", $"incident #{id} roles");

        Assert.True(coordinator.Ok, coordinator.Text);
        Assert.Equal($"Incident #{id}: {OnCallCoordinator} (on call for incident-coordinators) is the coordinator, assigned by Ana Kovač.", coordinator.Text);
        Assert.Equal($"Incident #{id}: Mei Tan is a technical expert, assigned by Ana Kovač: knows the acquirers.", expert.Text);
        Assert.True(roles.Ok, roles.Text);
        Assert.StartsWith(
            $"Incident #{id} (critical) roles:\n• Coordinator: {OnCallCoordinator} (on call for incident-coordinators)\n• Communicator: — (needed)\n• Technical experts: Mei Tan\n" +
            "Severity critical: needs a coordinator, a communicator and technical experts.\nOn call now: coordinator Tomasz Nowak (incident-coordinators), communicator Arjun Mehta (incident-communicators), technical expert ",
            roles.Text,
            StringComparison.Ordinal);
        await bot.WaitForChannelAsync(
            PaymentsChannel, m => Fields(Card(m)).Contains(("Roles", $"Coordinator {OnCallCoordinator} · Communicator — · Experts Mei Tan")), "both roles on the card");
    }

    [Fact]
    public async Task Roles_SomeoneOutsideTheTeamAndItsRoleRotations_IsRefused_ButTheCommunicatorsRotationMayTakeIt()
    {
        await using var bot = Bot();
        var id = await OpenIncidentAsync(bot);

        var outsider = await bot.ActionAsync(PaymentsChannel, "emma", "incident.communicate", incidentId: id);
        var unknown = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} expert @nobody");
        var communicator = await bot.ActionAsync(PaymentsChannel, "olivia", "incident.communicate", incidentId: id);

        Assert.False(outsider.Ok);
        Assert.Equal(
            $"Only members of team 'payments', admins, and the people on its coordinator and communicator rotations may give out roles in incident #{id}, such as communicator; Emma Johnson is not one.",
            outsider.Text);
        Assert.False(unknown.Ok);
        Assert.Equal("'@nobody' is not a person in the catalog; name them as @id, e.g. @ana, or say 'me'.", unknown.Text);
        Assert.True(communicator.Ok, communicator.Text);
        Assert.Equal($"Incident #{id}: Olivia Brown took the communicator role.", communicator.Text);
    }

    [Fact]
    public async Task Severity_RaisedToCritical_TheThreadSaysWhichRolesAreNeededAndWhoIsOnCallForThem()
    {
        await using var bot = Bot();
        var id = await OpenIncidentAsync(bot);
        await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} severity warning");

        var raised = await bot.CommandAsync(PaymentsChannel, "ana", $"incident #{id} severity critical most users cannot pay");

        Assert.True(raised.Ok, raised.Text);
        var messages = await bot.WaitForChannelAsync(
            PaymentsChannel, m => ConsoleBot.RepliesIn(m).Any(r => r.Text.StartsWith("Severity changed from warning to critical", StringComparison.Ordinal)), "the suggestion in the thread");
        var reply = ConsoleBot.RepliesIn(messages).Single(r => r.Text.StartsWith("Severity changed from warning to critical", StringComparison.Ordinal)).Text;
        Assert.StartsWith(
            "Severity changed from warning to critical by Ana Kovač: most users cannot pay\n" +
            "Severity critical: needs a coordinator, a communicator and technical experts. " +
            "On call now: coordinator Tomasz Nowak (incident-coordinators), communicator Arjun Mehta (incident-communicators), technical expert ",
            reply,
            StringComparison.Ordinal);
        Assert.EndsWith($"(payments-primary). Take a role: the buttons, or 'incident #{id} coordinator me'.", reply, StringComparison.Ordinal);
    }

    private static JsonNode Card(JsonArray messages) => messages.Single(m => m!["threadId"] is null)!;

    private static List<(string, string)> Fields(JsonNode message) =>
        [.. message["body"]!["fields"]!.AsArray().Select(f => ((string)f!["name"]!, (string)f["value"]!))];

    private static List<string> ActionIds(JsonNode message) =>
        [.. message["body"]!["actions"]!.AsArray().Select(a => (string)a!["id"]!)];
}
