namespace Gateway.Health;

/// <summary>A provider's health at one moment.</summary>
internal sealed record ProviderHealthSnapshot(
    string Provider,
    double Score,
    CircuitState Circuit,
    DateTimeOffset? OpenUntil,
    DateTimeOffset? CoolingUntil,
    double DecayedSuccesses,
    double DecayedFailures,
    double? AverageLatencyMs,
    int ConsecutiveFailures,
    long Requests,
    long Errors,
    DateTimeOffset? LastUsed);
