namespace Gateway.Health;

/// <summary>Whether a provider may be tried now, its score in [0, 1], and if not, until when and why.</summary>
internal readonly record struct ProviderAvailability(bool Available, double Score, DateTimeOffset BlockedUntil, BlockReason Reason);

/// <summary>Why a provider is not available.</summary>
internal enum BlockReason
{
    None,
    CircuitOpen,
    ProbeInFlight,
    RateLimited,
    CoolingDown,
}
