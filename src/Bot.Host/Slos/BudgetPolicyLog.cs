using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Slos;

namespace Bot.Host.Slos;

/// <summary>What the policy evaluation tells operators: each notice sent with its numbers, a summary per evaluation, SLOs skipped for lack of data.</summary>
internal sealed class BudgetPolicyLog(ILogger<BudgetPolicies> logger) : IBudgetPolicyLog
{
    public void NoData(ErrorBudgetPolicy policy, Slo slo, string reason) =>
        logger.LogDebug("Error budget policy {PolicyId}: SLO {SloId} skipped, no data: {NoDataReason}", policy.Id, slo.Id, reason);

    public void NoticeSent(BudgetConditionMet met, Notice notice, IReadOnlyList<string> destinationKeys) =>
        logger.LogInformation(
            "Error budget policy {PolicyId} condition {ConditionId} true for SLO {SloId}: measured {Measured:0.####}, consumed {Consumed:0.####}, remaining {Remaining:0.####}, burn 1h {Burn1h} 24h {Burn24h}; notice {NoticeId} ({DedupKey}) posted to {Destinations}",
            met.Policy.Id, met.Condition.Id, met.Slo.Id, met.Measured, met.Budget.Consumed, met.Budget.Remaining, met.Budget.Burn.Last1h, met.Budget.Burn.Last24h,
            notice.Id, notice.DedupKey, destinationKeys);

    public void Evaluated(BudgetPolicyEvaluation evaluation) =>
        logger.LogInformation(
            "Error budget policies evaluated: {Policies} policies, {SlosRead} SLOs read, {SlosWithoutData} without data, {ConditionsTrue} conditions true, {NoticesSent} notices sent",
            evaluation.Policies, evaluation.SlosRead, evaluation.SlosWithoutData, evaluation.ConditionsTrue, evaluation.NoticesSent.Count);
}
