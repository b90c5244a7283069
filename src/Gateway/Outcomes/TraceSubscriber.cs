namespace Gateway.Outcomes;

/// <summary>Tags the attempt's span (<c>gateway.upstream.attempt</c>) with its outcome.</summary>
internal sealed class TraceSubscriber : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.Activity is { } activity && AttemptLabels.TryGet(in record, out var outcome, out _))
        {
            activity.SetTag("gateway.outcome", outcome);
        }
    }
}
