namespace Gateway.Health;

/// <summary>A provider's health at one moment; <see cref="Source"/> is <c>shared</c> when merged across replicas.</summary>
internal sealed record ProviderHealthSnapshot(
    string Provider,
    double Score,
    CircuitState Circuit,
    DateTimeOffset? OpenUntil,
    DateTimeOffset? CoolingUntil,
    double DecayedSuccesses,
    double DecayedFailures,
    double? SuccessRate,
    double? AverageLatencyMs,
    double? AverageFirstTokenMs,
    int ConsecutiveFailures,
    long Requests,
    long Errors,
    DateTimeOffset? LastUsed,
    string Source);
