using Bot.Core.Catalog;
using Bot.Core.Postmortems;
using static Bot.Core.Tests.Postmortems.PostmortemWorld;

namespace Bot.Core.Tests.Postmortems;

public sealed class PostmortemFactsTests
{
    private static readonly DateTimeOffset Now = Start.AddDays(1);

    [Fact]
    public void Of_AResolvedIncident_TimesInTheTeamZone_DurationsBudgetRolesAndPeople()
    {
        var facts = PostmortemFacts.Of(Details(), World(), Now);

        Assert.Equal("42", facts["incident.id"]);
        Assert.Equal("P1", facts["priority"]);
        Assert.Equal("critical", facts["severity"]);
        Assert.Equal("2026-05-04 12:00 CEST (UTC+02:00)", facts["detected"]);
        Assert.Equal("2026-05-04 14:00 CEST (UTC+02:00)", facts["resolved"]);
        Assert.Equal("12 minutes", facts["time_to_acknowledge"]);
        Assert.Equal("2 h", facts["time_to_recover"]);
        Assert.Equal("3", facts["occurrences"]);
        Assert.Equal("about 4.3% of the 28-day budget (14.4× for 2 h)", facts["budget_consumed"]);
        Assert.Equal("Checkout", facts["service"]);
        Assert.Equal("availability (99.9% over 28 days)", facts["slo"]);
        Assert.Equal("Payments", facts["team"]);
        Assert.Equal("https://runbooks.example.com/checkout", facts["runbook"]);
        Assert.Equal("none", facts["dashboard"]);
        Assert.Equal("Ana Kovač", facts["coordinator"]);
        Assert.Equal("not assigned", facts["communicator"]);
        Assert.Equal("Bo Berg, Mei Tan", facts["experts"]);
        Assert.Equal("Ana Kovač, Bo Berg", facts["people"]);
        Assert.DoesNotContain(PostmortemPlaceholders.ActionItems, facts.Keys);
        Assert.Equal(PostmortemPlaceholders.Known.Where(k => k != PostmortemPlaceholders.ActionItems).Order(), facts.Keys.Order());
    }

    [Fact]
    public void Of_Timeline_OneLinePerEventInTheTeamZone_WithThePlatformOfPeople()
    {
        var timeline = PostmortemFacts.Of(Details(), World(), Now)["timeline"];

        Assert.Equal(
            """
            - 2026-05-04 12:01 CEST: SLO breach: CheckoutHighErrorRate fired
            - 2026-05-04 12:12 CEST: Acknowledged by Ana Kovač (Slack)
            - 2026-05-04 12:20 CEST: Paged Bo Berg
            - 2026-05-04 12:30 CEST: Fired again (×3)
            - 2026-05-04 12:40 CEST: Priority changed from P2 to P1 by Ana Kovač (Console)
            - 2026-05-04 14:00 CEST: Resolved by Bo Berg (Teams)
            """,
            timeline);
    }

    [Fact]
    public void Of_NoRotationNoBurnRateNotResolved_UtcAndSaysWhatIsUnknown()
    {
        var facts = PostmortemFacts.Of(Details(burnRate: null, resolved: false), World(withRotation: false), Start.AddMinutes(45));

        Assert.Equal("2026-05-04 10:00 UTC (UTC+00:00)", facts["detected"]);
        Assert.Equal("not resolved yet", facts["resolved"]);
        Assert.Equal("not resolved yet (45 minutes so far)", facts["time_to_recover"]);
        Assert.Equal("unknown: no burn rate reported", facts["budget_consumed"]);
    }

    [Theory]
    [InlineData("America/New_York", "2026-01-15T17:30:00Z", "2026-01-15 12:30 EST (UTC-05:00)")]
    [InlineData("America/New_York", "2026-07-15T16:30:00Z", "2026-07-15 12:30 EDT (UTC-04:00)")]
    [InlineData("Europe/Berlin", "2026-01-15T11:30:00Z", "2026-01-15 12:30 CET (UTC+01:00)")]
    [InlineData("Asia/Kolkata", "2026-01-15T07:00:00Z", "2026-01-15 12:30 IST (UTC+05:30)")]
    [InlineData("Etc/UTC", "2026-01-15T12:30:00Z", "2026-01-15 12:30 UTC (UTC+00:00)")]
    public void When_LocalTimeAbbreviationAndOffset(string zone, string at, string expected) =>
        Assert.Equal(expected, PostmortemFacts.When(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Fact]
    public void Fill_TheBookTemplate_EveryPlaceholderButTheLiveActionItems()
    {
        var (title, sections) = PostmortemTemplate.Book.Fill(PostmortemFacts.Of(Details(), World(), Now));

        Assert.Equal("Postmortem #42: Checkout availability below 99.9%", title);
        Assert.DoesNotContain(sections, s => s.Key != "action-items" && s.Body.Contains("{{", StringComparison.Ordinal));
        Assert.Equal("{{action_items}}", sections.Single(s => s.Key == "action-items").Body);
        Assert.Contains("- Incident coordinator: Ana Kovač", sections.Single(s => s.Key == "incident-response-team").Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_TitleSectionsAndTheLiveActionItemTable()
    {
        var (title, sections) = PostmortemTemplate.Parse("t.md", "# {{incident.title}}\n## Summary\nShort.\n## Action items\n{{action_items}}\n").Fill(PostmortemFacts.Of(Details(), World(), Now));
        var postmortem = new Postmortem(3, 42, "payments", PostmortemState.Draft, "t.md", title, sections, Now, Ana, Now, 2);
        ActionItem[] items =
        [
            new(12, 3, 42, "payments", 1, "Alert on queue depth", "bo", new DateOnly(2026, 6, 1), ActionItemState.InWork, Now, Ana, 1),
            new(13, 3, 42, "payments", null, "Runbook | step 3", "ana", new DateOnly(2026, 6, 8), ActionItemState.New, Now, Ana, 1),
        ];

        Assert.Equal(
            """
            # Checkout availability below 99.9%

            _PM-3, draft, version 2, template t.md._

            ## Summary
            Short.

            ## Action items
            | Priority | ID | Title | Driver | Review date | State |
            |---|---|---|---|---|---|
            | P1 | AI-12 | Alert on queue depth | Bo Berg | 2026-06-01 | In work |
            | – | AI-13 | Runbook \| step 3 | Ana Kovač | 2026-06-08 | New |

            """.ReplaceLineEndings("\n"),
            PostmortemDocument.Markdown(postmortem, items, World()));
        Assert.Contains("No action items yet; add one with `action add PM-3 <title> driver @person review <date>`.",
            PostmortemDocument.Markdown(postmortem, [], World()), StringComparison.Ordinal);
    }

    [Fact]
    public void IsRequired_OnlyForPrioritiesWhoseDefinitionSaysSo()
    {
        ServiceCatalog catalog = World();

        Assert.True(PostmortemActions.IsRequired(1, catalog));
        Assert.False(PostmortemActions.IsRequired(2, catalog));
        Assert.False(PostmortemActions.IsRequired(null, catalog));
    }
}
