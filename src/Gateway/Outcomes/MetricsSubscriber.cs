using Gateway.Telemetry;

namespace Gateway.Outcomes;

/// <summary>Attempt count and durations by outcome, the error type when there was one, and the time to first token.</summary>
internal sealed class MetricsSubscriber(GatewayMetrics metrics) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.FirstToken is { } firstToken)
        {
            metrics.FirstToken.Record(firstToken.TotalSeconds, GatewayMetrics.Tags("provider", record.Provider, "model", record.ModelLabel));
        }

        if (!AttemptLabels.TryGet(in record, out var outcome, out var errorType))
        {
            return;
        }

        var tags = GatewayMetrics.Tags("provider", record.Provider, "outcome", outcome);
        metrics.Attempts.Add(1, tags);
        if (record.HeadersLatency > TimeSpan.Zero)
        {
            metrics.AttemptHeaders.Record(record.HeadersLatency.TotalSeconds, tags);
        }

        metrics.AttemptDuration.Record(record.Duration.TotalSeconds, tags);
        if (errorType is not null)
        {
            metrics.Errors.Add(1, GatewayMetrics.Tags("provider", record.Provider, "type", errorType));
        }
    }
}
