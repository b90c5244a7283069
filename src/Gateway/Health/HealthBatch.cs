namespace Gateway.Health;

/// <summary>Outcomes one replica recorded for one provider since its last merge into the shared store.</summary>
internal readonly record struct HealthBatch(
    double Successes, double Failures, double LatencySumMs, long LatencyCount,
    double FirstTokenSumMs, long FirstTokenCount, long Requests, long Errors)
{
    public bool IsEmpty => Requests == 0 && Successes == 0 && Failures == 0;
}
