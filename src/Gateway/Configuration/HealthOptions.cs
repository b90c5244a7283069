namespace Gateway.Configuration;

/// <summary>How provider health is scored and when a provider's circuit opens.</summary>
public sealed record HealthOptions
{
    /// <summary>Half-life of the decayed success and failure counts. Default 30 s.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failures that open the circuit. Default 5.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>First cooldown of an open circuit; it doubles while probes keep failing. Default 5 s.</summary>
    public TimeSpan OpenCooldown { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest cooldown of an open circuit, and so the longest a recovered provider waits for the probe that brings it
    /// back (plus the time until the next request that may probe it). Default 20 s: a provider that recovers gets its
    /// traffic back within about 20 s, however long it was down, for one probe request per 20 s while it is down.
    /// </summary>
    public TimeSpan MaxCooldown { get; init; } = TimeSpan.FromSeconds(20);
}
