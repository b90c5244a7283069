namespace Gateway.Health;

/// <summary>
/// Provider health as the selector sees it: scores, circuit states and cool-downs, fed with attempt outcomes.
/// Every call is on the request path, so implementations answer from memory and never do I/O here
/// (a shared store synchronises in the background).
/// </summary>
internal interface IHealthStore
{
    /// <summary>The provider's current score and whether it may be tried now.</summary>
    ProviderAvailability GetAvailability(string provider);

    /// <summary>
    /// Claims the right to send an attempt: false while the circuit is open or cooling down, and for a
    /// half-open circuit, true only for the single probe.
    /// </summary>
    bool TryBeginAttempt(string provider);

    /// <summary>Records how an attempt begun with <see cref="TryBeginAttempt"/> ended.</summary>
    void Record(string provider, AttemptOutcome outcome);

    /// <summary>
    /// The provider's recent latency and time-to-first-token averages (for the <c>latency</c> strategy); from memory,
    /// like <see cref="GetAvailability"/>. The default reads a <see cref="Snapshot"/>; the stores answer directly.
    /// </summary>
    ProviderSpeed GetSpeed(string provider) =>
        Snapshot().FirstOrDefault(s => s.Provider == provider) is { } snapshot ? new(snapshot.AverageLatencyMs, snapshot.AverageFirstTokenMs) : default;

    /// <summary>Which store this is and whether it is sharing state right now (for <c>/readyz</c>).</summary>
    HealthStoreStatus Status { get; }

    /// <summary>A point-in-time view of every provider the store knows, for logs and the admin API.</summary>
    IReadOnlyList<ProviderHealthSnapshot> Snapshot();

    /// <summary>
    /// The enabled providers changed (a routing table swap): a shared store follows the new set. State is kept by
    /// provider name, so a provider that stays keeps its health. The in-memory store needs nothing.
    /// </summary>
    void ReplaceProviders(IEnumerable<string> names)
    {
    }

    /// <summary>
    /// Whether this replica runs active-probe round <paramref name="round"/> (the clock's time over the probe interval):
    /// in memory always; a shared store lets one replica per round take it (a lease expiring after <paramref name="ttl"/>).
    /// Never on the request path.
    /// </summary>
    Task<bool> TryLeaseProbeRoundAsync(long round, TimeSpan ttl) => Task.FromResult(true);
}
