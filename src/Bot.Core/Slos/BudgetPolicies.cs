using System.Globalization;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Routing;
using Bot.Core.Storage;

namespace Bot.Core.Slos;

/// <summary>
/// Evaluates the teams' error budget policies (book ch. 10): for every SLO of a team with a policy, each condition
/// (budget exhausted, X% consumed, X% consumed within a window) is checked against the SLO's current budget; when one
/// is true a notice goes to the team's channels and to the destinations of the stakeholder rings the policy names,
/// saying which condition, the numbers and the consequence the team agreed. Once per condition, SLO and period block:
/// the notice's dedup key names them, so evaluating again (on a later timer, after a restart, on another replica) adds
/// nothing.
/// </summary>
/// <remarks>
/// The period block of a calendar SLO is its budget period. A rolling SLO's period never ends, so its block is the
/// block of the window's length counted from Monday 1970-01-05 (as calendar weeks are): a rolling SLO thus gets at
/// most one notice per condition per window-length block, however often the condition turns false and true again.
/// </remarks>
public sealed class BudgetPolicies(
    CatalogHolder catalog,
    SliReadings readings,
    INoticeStore notices,
    DestinationResolver destinations,
    IBudgetPolicyLog log,
    TimeProvider time)
{
    /// <summary>
    /// How far below a threshold a figure may fall and still count as at it: the budget 1 − 0.999 is
    /// 0.0010000000000000009 in doubles, so exactly 700 bad of 1,000,000 events would otherwise read as 69.99…% consumed.
    /// </summary>
    public const double Tolerance = 1e-9;

    /// <summary>The windows a <see cref="BudgetConditionKind.ConsumedWithin"/> condition can be measured over: burn windows the sources read.</summary>
    public static IReadOnlyList<TimeSpan> ConditionWindows { get; } = [TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromDays(7)];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Evaluates every policy of the current catalog now, and posts a notice for each condition that became true.</summary>
    public async Task<BudgetPolicyEvaluation> EvaluateAsync(CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var slosRead = 0;
        var withoutData = 0;
        var conditionsTrue = 0;
        var sent = new List<Notice>();
        foreach (var policy in current.ErrorBudgetPolicies)
        {
            if (current.FindTeam(policy.TeamId) is not { } team)
            {
                continue;
            }
            var services = current.ServicesOf(team.Id).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var slos = current.Slos.Where(s => services.Contains(s.ServiceId)).ToList();
            var reads = await readings.ReadAllAsync(slos, cancellationToken);
            for (var i = 0; i < slos.Count; i++)
            {
                var slo = slos[i];
                if (reads[i].Reading is not { } reading)
                {
                    withoutData++;
                    log.NoData(policy, slo, reads[i].NoDataReason ?? "no data");
                    continue;
                }
                slosRead++;
                var budget = ErrorBudget.Evaluate(slo, reading);
                foreach (var condition in policy.Conditions)
                {
                    if (Measure(condition, budget) is not { } measured || !Holds(condition, measured))
                    {
                        continue;
                    }
                    conditionsTrue++;
                    var met = new BudgetConditionMet(policy, condition, slo, reading, budget, measured);
                    if (await PostAsync(current, team, met, cancellationToken) is { } notice)
                    {
                        sent.Add(notice);
                    }
                }
            }
        }
        var evaluation = new BudgetPolicyEvaluation(time.GetUtcNow(), current.ErrorBudgetPolicies.Count, slosRead, withoutData, conditionsTrue, sent);
        log.Evaluated(evaluation);
        return evaluation;
    }

    /// <summary>
    /// The figure a condition compares with its threshold: the budget left (<see cref="BudgetConditionKind.Exhausted"/>),
    /// the share of the period's budget consumed, or the share consumed within the condition's window at that window's
    /// burn (burn × window ÷ period). Null when it cannot be told: a window that is not one of <see cref="ConditionWindows"/>, or
    /// that had no data.
    /// </summary>
    public static double? Measure(BudgetCondition condition, BudgetStatus budget)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(budget);
        return condition.Kind switch
        {
            BudgetConditionKind.Exhausted => budget.Remaining,
            BudgetConditionKind.Consumed => budget.Consumed,
            _ => condition.Within is { } within && ConditionWindows.Contains(within) && budget.Burn.Over(within) is { } burn
                ? ErrorBudget.ConsumedIn(burn, within, budget.Period.Length)
                : null,
        };
    }

    /// <summary>Whether the measured figure meets the condition: left at or below zero, or consumed at or above the share (both within <see cref="Tolerance"/>).</summary>
    public static bool Holds(BudgetCondition condition, double measured)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return condition.Kind == BudgetConditionKind.Exhausted
            ? measured <= Tolerance
            : measured >= condition.Share - Tolerance;
    }

    /// <summary>
    /// The start of the block a notice is sent once in: a calendar SLO's budget period at <paramref name="at"/>; for a
    /// rolling SLO, the block of its window's length counted from Monday 1970-01-05 that holds <paramref name="at"/>.
    /// </summary>
    public static DateTimeOffset PeriodBlockStart(SloWindow window, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(window);
        var calendar = window.Kind == SloWindowKind.CalendarWeeks ? window : new SloWindow(SloWindowKind.CalendarWeeks, window.Days);
        return calendar.PeriodAt(at).Start;
    }

    /// <summary>The notice's dedup key: <c>budget-policy:{policy}:{condition}:{slo}:{period block start, yyyy-MM-ddTHH:mmZ}</c>.</summary>
    public static string DedupKey(string policyId, string conditionId, string sloId, DateTimeOffset periodBlockStart) =>
        string.Create(CultureInfo.InvariantCulture, $"budget-policy:{policyId}:{conditionId}:{sloId}:{periodBlockStart.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}");

    /// <summary>
    /// Where a policy's notices go: the team's channels (as its incidents', on the platforms that are on), then the
    /// destinations of the stakeholder groups in the rings the policy names, each once.
    /// </summary>
    public IReadOnlyList<string> DestinationsOf(ServiceCatalog current, ErrorBudgetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(policy);
        var groups = current.Rings
            .Where(r => policy.Rings.Contains(r.Number))
            .SelectMany(r => r.GroupIds)
            .Select(id => current.StakeholderGroups.FirstOrDefault(g => g.Id == id))
            .OfType<StakeholderGroup>();
        return [.. destinations.For(current, policy.TeamId)
            .Concat(groups.SelectMany(g => g.Destinations).Where(d => destinations.ActivePlatforms.Contains(d.Platform)))
            .Select(d => d.Key)
            .Distinct(StringComparer.Ordinal)];
    }

    private async Task<Notice?> PostAsync(ServiceCatalog current, Team team, BudgetConditionMet met, CancellationToken cancellationToken)
    {
        var block = PeriodBlockStart(met.Slo.Window, met.Budget.At);
        var key = DedupKey(met.Policy.Id, met.Condition.Id, met.Slo.Id, block);
        var message = BudgetPolicyMessage.For(met, team, current.FindService(met.Slo.ServiceId));
        var keys = DestinationsOf(current, met.Policy);
        var data = JsonSerializer.Serialize(
            new BudgetPolicyData(met.Policy.Id, met.Condition.Id, met.Slo.Id, block, met.Budget.At, met.Measured, met.Budget.Consumed, met.Budget.Remaining),
            Json);
        var now = time.GetUtcNow();
        var posted = await notices.WriteAsync(
            async session =>
            {
                var added = await session.AddAsync(
                    new Notice(0, NoticeKind.BudgetPolicy, team.Id, null, key, NoticeState.Open, data, message, 1, now), cancellationToken);
                if (added is null)
                {
                    return null;
                }
                await session.EnqueuePostsAsync(added.Id, keys, cancellationToken);
                return added;
            },
            cancellationToken);
        if (posted is not null)
        {
            log.NoticeSent(met, posted, keys);
        }
        return posted;
    }
}

/// <summary>A condition of a team's policy that is true for one of its SLOs, with the numbers that made it so.</summary>
/// <param name="Measured">What was compared with the threshold (<see cref="BudgetPolicies.Measure"/>).</param>
public sealed record BudgetConditionMet(
    ErrorBudgetPolicy Policy, BudgetCondition Condition, Slo Slo, SliReading Reading, BudgetStatus Budget, double Measured);

/// <summary>What one evaluation of the policies did.</summary>
/// <param name="SlosRead">SLOs of teams with a policy that had data and were evaluated.</param>
/// <param name="SlosWithoutData">SLOs of teams with a policy that were skipped: no data.</param>
/// <param name="ConditionsTrue">Conditions true for an SLO, whether or not their notice was already sent in the period.</param>
/// <param name="NoticesSent">The notices added by this evaluation (a condition already notified in its period adds none).</param>
public sealed record BudgetPolicyEvaluation(DateTimeOffset At, int Policies, int SlosRead, int SlosWithoutData, int ConditionsTrue, IReadOnlyList<Notice> NoticesSent);

/// <summary>Where the policy evaluation reports what it did; the host logs it (the core has no logging of its own).</summary>
public interface IBudgetPolicyLog
{
    /// <summary>An SLO of a team with a policy was skipped: it has no data (a debug entry).</summary>
    void NoData(ErrorBudgetPolicy policy, Slo slo, string reason);

    /// <summary>A policy notice was added and its posts queued (an information entry: policy, condition, SLO, numbers).</summary>
    void NoticeSent(BudgetConditionMet met, Notice notice, IReadOnlyList<string> destinationKeys);

    /// <summary>One evaluation ended (an information entry: SLOs read, conditions true, notices sent).</summary>
    void Evaluated(BudgetPolicyEvaluation evaluation);
}

/// <summary>What a policy notice is about (its <see cref="Notice.Data"/>): the clause, the SLO, the block and the numbers measured.</summary>
internal sealed record BudgetPolicyData(
    string PolicyId, string ConditionId, string SloId, DateTimeOffset PeriodBlockStart, DateTimeOffset At, double Measured, double Consumed, double Remaining);
