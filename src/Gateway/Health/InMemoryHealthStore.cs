using System.Collections.Concurrent;
using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>The health store of a single process: all state in memory, nothing shared.</summary>
internal sealed class InMemoryHealthStore(HealthOptions options, TimeProvider time) : IHealthStore
{
    private static readonly HealthStoreStatus LocalStatus = new("in-memory", Degraded: false, Reason: null);

    private readonly ConcurrentDictionary<string, ProviderHealthState> _states = new(StringComparer.Ordinal);
    private readonly Lock _added = new();
    private ProviderHealthState[] _all = [];
    private double _bestLatencyMs;

    public HealthStoreStatus Status => LocalStatus;

    /// <summary>Every provider state known so far.</summary>
    public ICollection<ProviderHealthState> States => _states.Values;

    public ProviderAvailability GetAvailability(string provider)
    {
        var state = State(provider);
        lock (state.Gate)
        {
            return state.GetAvailability(time.GetUtcNow(), Volatile.Read(ref _bestLatencyMs));
        }
    }

    public ProviderSpeed GetSpeed(string provider) =>
        _states.TryGetValue(provider, out var state) ? state.Speed : default;

    public bool TryBeginAttempt(string provider)
    {
        var state = State(provider);
        lock (state.Gate)
        {
            return state.TryBeginAttempt(time.GetUtcNow());
        }
    }

    public void Record(string provider, AttemptOutcome outcome) => RecordAndReport(provider, outcome);

    /// <summary>Records the outcome; reports whether the circuit changed and whether a granted probe just ended.</summary>
    public (bool CircuitChanged, bool GrantedProbeEnded) RecordAndReport(string provider, AttemptOutcome outcome)
    {
        var state = State(provider);
        bool changed, probeEnded;
        lock (state.Gate)
        {
            var now = time.GetUtcNow();
            var before = state.CircuitChangedAt;
            probeEnded = state.ProbeInFlight && state.ProbeNeedsGrant;
            state.Record(outcome, now);
            changed = state.CircuitChangedAt != before;
            if (probeEnded)
            {
                state.ProbeGrantedUntil = default;
            }
        }

        if (outcome.Kind == OutcomeKind.Success)
        {
            UpdateBestLatency();
        }

        return (changed, probeEnded);
    }

    public IReadOnlyList<ProviderHealthSnapshot> Snapshot()
    {
        var now = time.GetUtcNow();
        var best = Volatile.Read(ref _bestLatencyMs);
        return [.. _states.Values.OrderBy(s => s.Provider, StringComparer.Ordinal).Select(s =>
        {
            lock (s.Gate)
            {
                return s.Snapshot(now, best);
            }
        })];
    }

    /// <summary>The provider's state, created on first use.</summary>
    public ProviderHealthState State(string provider) =>
        _states.TryGetValue(provider, out var state) ? state : Add(provider);

    /// <summary>A provider seen for the first time (rare): its state, and the array <see cref="UpdateBestLatency"/> reads.</summary>
    private ProviderHealthState Add(string provider)
    {
        var state = _states.GetOrAdd(provider, p => new ProviderHealthState(p, options));
        lock (_added)
        {
            _all = [.. _states.Values];
        }

        return state;
    }

    /// <summary>Recomputes the best (lowest) latency average, the reference for the latency part of the score.</summary>
    public void UpdateBestLatency()
    {
        // The states as an array kept when a provider is added: ConcurrentDictionary.Values would lock every bucket
        // and copy them on every successful request.
        var best = double.MaxValue;
        foreach (var state in Volatile.Read(ref _all))
        {
            var latency = state.LatencyMs;
            if (latency < best)
            {
                best = latency;
            }
        }

        Volatile.Write(ref _bestLatencyMs, best == double.MaxValue ? 0 : best);
    }
}
