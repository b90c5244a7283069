namespace Gateway.Health;

/// <summary>The parts of a provider's state that replicas exchange through a shared store.</summary>
internal sealed partial class ProviderHealthState
{
    private double _pendingSuccesses;
    private double _pendingFailures;
    private double _pendingLatencySum;
    private long _pendingLatencyCount;
    private double _pendingFirstTokenSum;
    private long _pendingFirstTokenCount;
    private long _pendingRequests;
    private long _pendingErrors;

    /// <summary>The outcomes recorded since the last call, which the caller now owns (and must merge or give back).</summary>
    public HealthBatch TakePending()
    {
        var batch = new HealthBatch(_pendingSuccesses, _pendingFailures, _pendingLatencySum, _pendingLatencyCount,
            _pendingFirstTokenSum, _pendingFirstTokenCount, _pendingRequests, _pendingErrors);
        (_pendingSuccesses, _pendingFailures, _pendingLatencySum, _pendingLatencyCount) = (0, 0, 0, 0);
        (_pendingFirstTokenSum, _pendingFirstTokenCount, _pendingRequests, _pendingErrors) = (0, 0, 0, 0);
        return batch;
    }

    /// <summary>Puts back a batch that could not be merged, so a short outage of the store loses nothing.</summary>
    public void ReturnPending(HealthBatch batch)
    {
        _pendingSuccesses += batch.Successes;
        _pendingFailures += batch.Failures;
        _pendingLatencySum += batch.LatencySumMs;
        _pendingLatencyCount += batch.LatencyCount;
        _pendingFirstTokenSum += batch.FirstTokenSumMs;
        _pendingFirstTokenCount += batch.FirstTokenCount;
        _pendingRequests += batch.Requests;
        _pendingErrors += batch.Errors;
    }

    /// <summary>
    /// Replaces the local counts with the merged counts of every replica (decayed to <paramref name="at"/>), plus
    /// what this replica recorded since the flush that produced them.
    /// </summary>
    public void AdoptShared(SharedHealth shared, DateTimeOffset at)
    {
        _successes = shared.Successes + _pendingSuccesses;
        _failures = shared.Failures + _pendingFailures;
        _decayedAt = at;
        if (shared.LatencyCount > 0)
        {
            Volatile.Write(ref _latencyMs, shared.LatencySumMs / shared.LatencyCount);
        }

        if (shared.FirstTokenCount > 0)
        {
            Volatile.Write(ref _firstTokenMs, shared.FirstTokenSumMs / shared.FirstTokenCount);
        }

        _requests = shared.Requests + _pendingRequests;
        _errors = shared.Errors + _pendingErrors;
        _shared = true;
    }

    /// <summary>
    /// How far ahead of this replica's clock another replica's may run. A transition time later than that is bad
    /// data: adopted, it would win over every real transition until the clock caught up.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>Whether a time from another replica lies further in the future than clock skew explains.</summary>
    public static bool IsTooFarAhead(DateTimeOffset at, DateTimeOffset now) => at > now + MaxClockSkew;

    /// <summary>
    /// Takes another replica's circuit transition when it is newer than the last one known here and not from
    /// the future. Whatever the sender claims, the circuit stays open at most <see cref="HealthOptions.MaxCooldown"/>
    /// from now and the cooldown is at most that.
    /// </summary>
    public bool AdoptCircuit(CircuitState state, DateTimeOffset openUntil, TimeSpan cooldown, DateTimeOffset changedAt, DateTimeOffset now)
    {
        if (changedAt <= _circuitChangedAt || state == CircuitState.HalfOpen || IsTooFarAhead(changedAt, now))
        {
            return false;
        }

        var latestOpenUntil = now + options.MaxCooldown;
        (_circuit, _circuitChangedAt) = (state, changedAt);
        _openUntil = openUntil < latestOpenUntil ? openUntil : latestOpenUntil;
        _cooldown = cooldown < options.MaxCooldown ? cooldown : options.MaxCooldown;
        if (state == CircuitState.Closed)
        {
            _consecutiveFailures = 0;
        }

        return true;
    }

    /// <summary>Marks the view as local only (the shared store is unreachable).</summary>
    public void MarkLocal() => _shared = false;
}
