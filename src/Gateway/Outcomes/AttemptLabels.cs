using Gateway.Health;

namespace Gateway.Outcomes;

/// <summary>The metric and span labels of an attempt record: its outcome and, when it was an error, the error type.</summary>
internal static class AttemptLabels
{
    /// <summary>False for attempts that are not measured (unsupported by the protocol, ended by an exception).</summary>
    public static bool TryGet(in AttemptRecord record, out string outcome, out string? errorType)
    {
        (outcome, errorType) = record.End switch
        {
            AttemptEnd.Served => ("success", null),
            AttemptEnd.PassedBack => ("client_error", "4xx"),
            AttemptEnd.ContextLength => (FailureKinds.Reason(FailureKind.ContextLength), "4xx"),
            AttemptEnd.Failed => (FailureKinds.Reason(record.Failure), FailureKinds.ErrorType(record.Failure)),
            AttemptEnd.Truncated => (FailureKinds.Reason(record.Failure is FailureKind.IdleTimeout or FailureKind.TotalTimeout ? record.Failure : FailureKind.StreamTruncated), "stream_aborted"),
            AttemptEnd.ClientGone => ("client_cancelled", "client_cancelled"),
            AttemptEnd.HedgeLost => ("hedge_lost", null),
            _ => ("", null),
        };
        return outcome.Length > 0;
    }

    /// <summary>What the provider's health learns from the record; also releases a half-open probe.</summary>
    public static AttemptOutcome Health(in AttemptRecord record) => record.End switch
    {
        AttemptEnd.Served or AttemptEnd.PassedBack or AttemptEnd.ContextLength => AttemptOutcome.Success(record.HeadersLatency, record.FirstToken),
        AttemptEnd.Failed => AttemptOutcome.Failed(record.Failure, record.Duration, record.RetryAfter),
        AttemptEnd.Truncated => AttemptOutcome.Failed(FailureKind.StreamTruncated, record.HeadersLatency),
        _ => AttemptOutcome.Abandoned,
    };
}
