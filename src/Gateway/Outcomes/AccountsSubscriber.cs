using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Telemetry;

namespace Gateway.Outcomes;

/// <summary>
/// Bills attempts of known keys: the usage the upstream reported (priced by the table, else the fallback price) goes
/// to the request's ticket (settled when the request ends) and to the ledger, with the attempt counted as a request
/// once a response reached the client and as an error when it failed. Failed attempts of a failover add no usage.
/// A stream the client left before the upstream's usage came is billed for what passed: the estimated prompt and the
/// completion tokens counted in the content the client was sent (<see cref="AttemptRecord.PassedTokens"/>, counted for
/// keys with limits); a plain response the client left is billed its estimate (the upstream produced it whole).
/// </summary>
internal sealed class AccountsSubscriber(AdmissionRegistry registry, LedgerBook ledger, RequestEstimator estimator, GatewayMetrics metrics, TimeProvider time) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (registry.Find(record.RequestId) is not { } ticket)
        {
            return;
        }

        var reported = record.Usage ?? Left(record, ticket);
        var (prompt, completion) = reported is { } usage ? (usage.PromptTokens, usage.CompletionTokens) : (0L, 0L);
        var microUsd = reported is { } used ? LimitKinds.MicroUsd(estimator.Cost(record.Provider, record.Model, used)) : 0;
        ticket.Add(prompt + completion, microUsd);
        var error = record.End is AttemptEnd.Failed or AttemptEnd.Truncated or AttemptEnd.Abandoned ? 1 : 0;
        ledger.Add(time.GetUtcNow(), ticket.KeyId, ticket.Owner, record.Provider, record.Model, record.Committed ? 1 : 0, prompt, completion, 0, microUsd, error);
        if (record.Usage is not null && ticket.EstimatedMicroUsd > 0)
        {
            metrics.EstimateRatio.Record((double)microUsd / ticket.EstimatedMicroUsd);
        }
    }

    /// <summary>What a client that left a committed response before its usage came is billed; null for every other end.</summary>
    private static Usage.TokenUsage? Left(in AttemptRecord record, AdmissionTicket ticket) =>
        record.End != AttemptEnd.ClientGone || !record.Committed ? null
        : record.Stream ? new Usage.TokenUsage(ticket.EstimatedPrompt, record.PassedTokens)
        : new Usage.TokenUsage(ticket.EstimatedPrompt, ticket.EstimatedOutput);
}
