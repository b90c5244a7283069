using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Telemetry;

namespace Gateway.Outcomes;

/// <summary>
/// Bills attempts of known keys: the usage the upstream reported (priced by the table, else the fallback price) goes
/// to the request's ticket (settled when the request ends) and to the ledger, with the attempt counted as a request
/// once a response reached the client and as an error when it failed. Failed attempts of a failover add no usage.
/// A stream the client left is billed for what the upstream produced: its usage when it came, else the completion
/// tokens counted in the content the client was sent (<see cref="AttemptRecord.PassedTokens"/>, counted for keys with
/// limits) with the estimated prompt; an early, partial usage (Anthropic's <c>message_start</c>) gives its prompt and
/// never less than what passed. A plain response the client left is billed its estimate (it was produced whole).
/// The ticket billed is the one the attempt's request carries (<see cref="AttemptRecord.Ticket"/>), never one found by id.
/// </summary>
internal sealed class AccountsSubscriber(LedgerBook ledger, RequestEstimator estimator, GatewayMetrics metrics, TimeProvider time) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.Ticket is not { Bills: true } ticket)
        {
            return;
        }

        var reported = record.End == AttemptEnd.ClientGone && record.Committed ? Left(record, ticket) : record.Usage;
        var (prompt, completion) = reported is { } usage ? (usage.PromptTokens, usage.CompletionTokens) : (0L, 0L);
        var microUsd = reported is { } used ? LimitKinds.MicroUsd(estimator.Cost(record.Provider, record.Model, used)) : 0;
        ticket.Add(prompt + completion, microUsd);
        var error = record.End is AttemptEnd.Failed or AttemptEnd.Truncated or AttemptEnd.Abandoned ? 1 : 0;
        ledger.Add(time.GetUtcNow(), ticket.KeyId, ticket.Owner, record.Provider, record.Model, record.Committed ? 1 : 0, prompt, completion, reported?.CachedTokens ?? 0, microUsd, error);
        if (record.End == AttemptEnd.Served && record.Usage is not null && ticket.EstimatedMicroUsd > 0)
        {
            metrics.EstimateRatio.Record((double)microUsd / ticket.EstimatedMicroUsd);
        }
    }

    /// <summary>What a client that left a committed response is billed.</summary>
    private static Usage.TokenUsage Left(in AttemptRecord record, AdmissionTicket ticket) =>
        !record.Stream ? record.Usage ?? new Usage.TokenUsage(ticket.EstimatedPrompt, ticket.EstimatedOutput)
        : new Usage.TokenUsage(record.Usage is { PromptTokens: > 0 } usage ? usage.PromptTokens : ticket.EstimatedPrompt,
            Math.Max(record.Usage?.CompletionTokens ?? 0, record.PassedTokens));
}
