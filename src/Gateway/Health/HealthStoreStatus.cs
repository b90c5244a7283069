namespace Gateway.Health;

/// <summary>Which health store runs and whether it is sharing state right now.</summary>
/// <param name="Kind"><c>in-memory</c> or <c>redis</c>.</param>
/// <param name="Degraded">True while a shared store is unreachable and the replica serves from local state.</param>
/// <param name="Reason">Why it is degraded.</param>
internal sealed record HealthStoreStatus(string Kind, bool Degraded, string? Reason);
