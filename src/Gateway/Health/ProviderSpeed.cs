namespace Gateway.Health;

/// <summary>
/// A provider's recent speed: the decayed averages of whole-attempt latency and of time to first token (streams),
/// merged across replicas when the store is shared; null until measured.
/// </summary>
internal readonly record struct ProviderSpeed(double? LatencyMs, double? FirstTokenMs);
