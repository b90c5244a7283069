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

    /// <summary>Longest cooldown of an open circuit. Default 5 minutes.</summary>
    public TimeSpan MaxCooldown { get; init; } = TimeSpan.FromMinutes(5);
}
