using Bot.Core.Catalog;

namespace Bot.Slack.Tests.Support;

/// <summary>
/// One team, Payments, posting to Slack channel <see cref="PaymentsChannel"/>, with Ana (Slack user <see cref="AnaSlackId"/>),
/// owning Checkout API and its availability SLO (<see cref="SloId"/>, 99.9% over 28 days).
/// </summary>
internal sealed class TestCatalog : ICatalogSource
{
    public const string PaymentsChannel = "C0PAY";
    public const string AnaSlackId = "U0ANA";
    public const string SloId = "checkout-api-availability";

    public string Location => "test catalog";

    public static CatalogHolder Holder(TimeProvider time)
    {
        var holder = new CatalogHolder(new TestCatalog(), time);
        holder.Reload();
        return holder;
    }

    public CatalogLoadResult Load() => CatalogLoadResult.Success(new ServiceCatalog(
        [new OrgUnit("org", "Org", OrgUnitKind.Org, null)],
        [new Team(
            "payments",
            "Payments",
            "org",
            [new Member("ana", "Ana Kovač", "ana@example.com", AnaSlackId, null, "Europe/Ljubljana")],
            [new ChatDestination(ChatPlatform.Slack, PaymentsChannel)],
            [])],
        [new Service("checkout-api", "Checkout API", "payments", null, ["production"], ["eu-west-1"], null, null)],
        [new Slo(SloId, "availability", "checkout-api", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false)],
        [], [], [], [], [], []));
}
