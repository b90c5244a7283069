using Gateway.Stats;

namespace Gateway.Outcomes;

/// <summary>
/// Feeds this replica's last-hour statistics (the console's Health page): answers (a 4xx the provider passed back and a
/// context-length refusal are answers too) and failures, latency to the headers (or to the failure), time to the first
/// token, and failovers (attempts after the first of their request). Attempts nobody is judged for are left out.
/// </summary>
internal sealed class ConsoleStatsSubscriber(ReplicaStats stats) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        bool? succeeded = record.End switch
        {
            AttemptEnd.Served or AttemptEnd.PassedBack or AttemptEnd.ContextLength => true,
            AttemptEnd.Failed or AttemptEnd.Truncated => false,
            _ => null,
        };
        if (succeeded is null && record.Attempt <= 1)
        {
            return;
        }

        var latency = record.HeadersLatency > TimeSpan.Zero ? record.HeadersLatency : record.Duration;
        stats.Record(record.Provider, succeeded is null ? new AttemptSample(null, null, null, true) : new AttemptSample(succeeded, latency, record.FirstToken, record.Attempt > 1));
    }
}
