using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Slack.BlockKit;
using Bot.Slack.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Slack.Tests;

/// <summary>
/// The incident message's menus and the postmortem editor through the Slack endpoints: a menu choice reaches the
/// classification; the postmortem button opens the modal with the click's trigger; a submitted modal saves the sections
/// that changed as the submitter and closes, or stays open with Slack's <c>response_action: errors</c>.
/// </summary>
public sealed class IncidentFormsTests
{
    private const string Trigger = "12466734323.1395872398.0b0c0d";

    private static async Task<(SlackTestHost Host, FakePostmortemEditor Editor)> StartAsync()
    {
        var editor = new FakePostmortemEditor();
        var host = await SlackTestHost.StartAsync(configureServices: services => services.AddSingleton<IPostmortemEditor>(editor));
        return (host, editor);
    }

    private static string Payload(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    private static JsonObject BlockActions(JsonObject action) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = TestCatalog.AnaSlackId, ["username"] = "ana", ["name"] = "ana", ["team_id"] = "T111" },
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = TestCatalog.PaymentsChannel, ["is_ephemeral"] = false },
        ["trigger_id"] = Trigger,
        ["channel"] = new JsonObject { ["id"] = TestCatalog.PaymentsChannel, ["name"] = "payments" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = "1700000000.000100", ["text"] = "fallback" },
        ["response_url"] = "https://hooks.slack.test/actions/T111/123456/AbCd",
        ["actions"] = new JsonArray(action),
    };

    private static JsonObject Menu(string actionId, string value) => new()
    {
        ["type"] = "static_select",
        ["block_id"] = "incident.42.actions",
        ["action_id"] = actionId,
        ["selected_option"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = value }, ["value"] = value },
        ["action_ts"] = "1700000001.000200",
    };

    private static JsonObject ViewSubmission(string metadata, IReadOnlyDictionary<string, string?> values)
    {
        var state = new JsonObject();
        foreach (var (blockId, value) in values)
        {
            state[blockId] = new JsonObject { [PostmortemModal.BodyActionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = value } };
        }
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = TestCatalog.AnaSlackId, ["username"] = "ana", ["name"] = "ana", ["team_id"] = "T111" },
            ["trigger_id"] = Trigger,
            ["view"] = new JsonObject
            {
                ["id"] = "V0000001",
                ["type"] = "modal",
                ["callback_id"] = PostmortemModal.CallbackId,
                ["private_metadata"] = metadata,
                ["state"] = new JsonObject { ["values"] = state },
                ["hash"] = "1700000000.abc",
            },
        };
    }

    [Fact]
    public async Task Interactions_PriorityChosen_ClassifiesTheIncidentTheOptionNames()
    {
        var (host, _) = await StartAsync();
        await using var _ = host;

        using var response = await host.PostFormAsync("/slack/interactions", Payload(BlockActions(Menu(IncidentMenus.PriorityActionId, "42:P1"))));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The store here holds no incidents: the answer is the classification's own, for the incident the option named.
        Assert.Equal("There is no incident #42.", (string?)told.Json["text"]);
    }

    [Fact]
    public async Task Interactions_SeverityOptionNamingNoIncident_SaysHowToClassifyInstead()
    {
        var (host, _) = await StartAsync();
        await using var _ = host;

        await host.PostFormAsync("/slack/interactions", Payload(BlockActions(Menu(IncidentMenus.SeverityActionId, "critical"))));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Contains("names no incident", (string?)told.Json["text"], StringComparison.Ordinal);
        Assert.Contains("/slo incident", (string?)told.Json["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_PostmortemClick_StartsItAndOpensTheModalWithTheClicksTrigger()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;
        host.Slack.EnqueueJson("/api/views.open", """{"ok":true,"view":{"id":"V0000001"}}""");
        var click = new JsonObject { ["type"] = "button", ["block_id"] = "incident.42.actions", ["action_id"] = "incident.postmortem", ["value"] = "42", ["action_ts"] = "1700000001.000200" };

        using var response = await host.PostFormAsync("/slack/interactions", Payload(BlockActions(click)));
        var opened = Assert.Single(await host.Slack.WaitForAsync("/api/views.open"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((42L, "ana"), (editor.Starts.Single().IncidentId, editor.Starts.Single().By.Id));
        Assert.Equal("application/json; charset=utf-8", opened.ContentType);
        Assert.Equal(Trigger, (string?)opened.Json["trigger_id"]);
        var view = opened.Json["view"]!;
        Assert.Equal(("modal", "postmortem.edit", "7:3", "Edit PM-7"), ((string?)view["type"], (string?)view["callback_id"], (string?)view["private_metadata"], (string?)view["title"]!["text"]));
        var inputs = view["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "input").ToList();
        Assert.Equal(["summary", "one-time-quick-fix", "detection"], inputs.Select(b => (string?)b!["block_id"]));
        Assert.Equal("Detected by the SLO burn alert at 14:05 UTC.", (string?)inputs[2]!["element"]!["initial_value"]);
        Assert.All(inputs, b => Assert.Equal((true, true, 3000), ((bool?)b!["optional"], (bool?)b["element"]!["multiline"], (int?)b["element"]!["max_length"])));
        // The 3500-character timeline is too long for a Slack field: a note, not a field that would cut it.
        Assert.Contains(view["blocks"]!.AsArray(), b => ((string?)b!["text"]?["text"])?.Contains("*Timeline* is longer than Slack's 3000", StringComparison.Ordinal) == true);
        // A modal opened: nothing to tell the clicker besides.
        Assert.Empty(host.Slack.To("/api/chat.postEphemeral"));
    }

    [Fact]
    public async Task Interactions_PostmortemClick_SlackRefusesTheTrigger_TellsTheSlashCommandInstead()
    {
        var (host, _) = await StartAsync();
        await using var _ = host;
        host.Slack.EnqueueJson("/api/views.open", """{"ok":false,"error":"expired_trigger_id"}""");
        var click = new JsonObject { ["type"] = "button", ["block_id"] = "incident.42.actions", ["action_id"] = "incident.postmortem", ["value"] = "42" };

        await host.PostFormAsync("/slack/interactions", Payload(BlockActions(click)));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Contains("PM-7 started for incident #42.", (string?)told.Json["text"], StringComparison.Ordinal);
        Assert.Contains("expired_trigger_id", (string?)told.Json["text"], StringComparison.Ordinal);
        Assert.Contains("/slo postmortem PM-7 edit", (string?)told.Json["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewSubmission_SavesTheChangedSectionsAsTheSubmitter_AndClosesTheModal()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;

        using var response = await host.PostFormAsync("/slack/interactions", Payload(ViewSubmission("7:3", new Dictionary<string, string?>
        {
            ["summary"] = "Card payments failed for 51 minutes.",
            ["one-time-quick-fix"] = null,
            ["detection"] = "Detected by the SLO burn alert at 14:05 UTC.",
        })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var edit = Assert.Single(editor.Edits);
        Assert.Equal(7, edit.PostmortemId);
        Assert.Equal(new Dictionary<string, string> { ["summary"] = "Card payments failed for 51 minutes." }, edit.Bodies);
        Assert.Equal(("ana", "Ana Kovač", ActionSource.Slack), (edit.By.Id, edit.By.Name, edit.By.Source));
    }

    [Fact]
    public async Task ViewSubmission_NothingChanged_ClosesWithoutAnEdit()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;

        using var response = await host.PostFormAsync("/slack/interactions", Payload(ViewSubmission("7:3", new Dictionary<string, string?> { ["summary"] = null })));

        Assert.Equal((HttpStatusCode.OK, ""), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Empty(editor.Edits);
    }

    [Fact]
    public async Task ViewSubmission_PostmortemChangedSinceOpened_KeepsTheModalOpenAndSavesNothing()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;

        using var response = await host.PostFormAsync("/slack/interactions", Payload(ViewSubmission("7:2", new Dictionary<string, string?> { ["summary"] = "Mine." })));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("errors", (string?)answer["response_action"]);
        Assert.Contains("changed by someone else since this form was opened (version 2 → 3)", (string?)answer["errors"]!["summary"], StringComparison.Ordinal);
        Assert.Empty(editor.Edits);
    }

    [Fact]
    public async Task ViewSubmission_SectionThePostmortemNoLongerHas_IsNamedUnderItsField()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;

        using var response = await host.PostFormAsync("/slack/interactions", Payload(ViewSubmission("7:3", new Dictionary<string, string?> { ["summary"] = "x", ["root-causes"] = "y" })));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", (string?)answer["response_action"]);
        Assert.Contains("PM-7 has no section 'root-causes'", (string?)answer["errors"]!["root-causes"], StringComparison.Ordinal);
        Assert.Empty(editor.Edits);
    }

    [Fact]
    public async Task ViewSubmission_EditRefused_ShowsTheRefusalUnderTheFirstChangedField()
    {
        var (host, editor) = await StartAsync();
        await using var _ = host;
        editor.Refusal = "Only members of team payments may edit PM-7.";

        using var response = await host.PostFormAsync("/slack/interactions", Payload(ViewSubmission("7:3", new Dictionary<string, string?> { ["summary"] = "x" })));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Only members of team payments may edit PM-7.", (string?)answer["errors"]!["summary"]);
    }

    [Fact]
    public async Task SlashCommand_PostmortemEdit_OpensTheModalWithTheCommandsTrigger()
    {
        var (host, _) = await StartAsync();
        await using var _ = host;
        host.Slack.EnqueueJson("/api/views.open", """{"ok":true,"view":{"id":"V0000002"}}""");

        using var response = await host.PostFormAsync("/slack/commands",
            $"command=%2Fslo&text=postmortem+PM-7+edit&user_id={TestCatalog.AnaSlackId}&channel_id={TestCatalog.PaymentsChannel}&trigger_id={Trigger}&response_url=https%3A%2F%2Fhooks.slack.test%2Fcommands%2F1");

        var opened = Assert.Single(host.Slack.To("/api/views.open"));
        Assert.Equal(Trigger, (string?)opened.Json["trigger_id"]);
        Assert.Equal("7:3", (string?)opened.Json["view"]!["private_metadata"]);
        Assert.Contains("PM-7 is open for editing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void PostmortemModal_Metadata_RoundTrips()
    {
        Assert.Equal((7L, 3), PostmortemModal.ParseMetadata(PostmortemModal.Metadata(7, 3)));
        Assert.Null(PostmortemModal.ParseMetadata("deploy:42"));
        Assert.Null(PostmortemModal.ParseMetadata(null));
    }

    [Theory]
    [InlineData("42:P1", 42L, 1)]
    [InlineData("7:p3", 7L, 3)]
    public void IncidentMenus_PriorityOf_ReadsTheIncidentAndLevel(string value, long incident, int level) =>
        Assert.Equal((incident, level), IncidentMenus.PriorityOf(value));

    [Theory]
    [InlineData("P1")]
    [InlineData("42:critical")]
    [InlineData("0:P1")]
    [InlineData(null)]
    public void IncidentMenus_PriorityOf_RefusesWhatIsNotAPriorityChoice(string? value) => Assert.Null(IncidentMenus.PriorityOf(value));

    [Fact]
    public void IncidentMenus_SeverityOf_ReadsTheIncidentAndSeverity()
    {
        Assert.Equal((42L, IncidentSeverity.Critical), IncidentMenus.SeverityOf("42:critical"));
        Assert.Null(IncidentMenus.SeverityOf("42:fatal"));
    }

    [Fact]
    public void IncidentBlocks_Menus_ShowTheCurrentPriorityAndSeverity_OnlyWhenTheCatalogDefinesThem()
    {
        var message = new Core.Notifications.IncidentMessage(42, 1, "Checkout", "#42", IncidentState.Resolved, IncidentSeverity.Error, "P2", [], [], []);

        var menus = IncidentBlocks.Render(message, BlockKitTests.Priorities).Blocks.OfType<ActionsBlock>().Single().Elements.Cast<StaticSelectElement>().ToList();
        var withoutCatalog = IncidentBlocks.Render(message).Blocks.OfType<ActionsBlock>().Single().Elements.Cast<StaticSelectElement>().ToList();
        var unknownPriority = IncidentBlocks.Render(message with { Priority = "P5" }, BlockKitTests.Priorities).Blocks.OfType<ActionsBlock>().Single().Elements.Cast<StaticSelectElement>().First();

        Assert.Equal(["incident.priority", "incident.severity"], menus.Select(m => m.ActionId));
        Assert.Equal(["42:P1", "42:P2", "42:P3"], menus[0].Options.Select(o => o.Value));
        Assert.Equal("P2 · Major business impact", menus[0].InitialOption?.Text.Text);
        Assert.Equal(["critical", "error", "warning"], menus[1].Options.Select(o => o.Text.Text));
        Assert.Equal("42:error", menus[1].InitialOption?.Value);
        Assert.Equal(["incident.severity"], withoutCatalog.Select(m => m.ActionId));
        Assert.Null(unknownPriority.InitialOption);
    }
}
