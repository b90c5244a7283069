namespace Gateway.Health;

/// <summary>A provider's merged health across replicas, as read back from the shared store (counts decayed to the read time).</summary>
internal readonly record struct SharedHealth(
    double Successes, double Failures, double LatencySumMs, double LatencyCount,
    double FirstTokenSumMs, double FirstTokenCount, long Requests, long Errors);
