using System.Collections.Concurrent;
using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>The health store of a single process: all state in memory, nothing shared.</summary>
internal sealed class InMemoryHealthStore(HealthOptions options, TimeProvider time) : IHealthStore
{
    private readonly ConcurrentDictionary<string, ProviderHealthState> _states = new(StringComparer.Ordinal);
    private double _bestLatencyMs;

    public ProviderAvailability GetAvailability(string provider)
    {
        var state = Get(provider);
        lock (state.Gate)
        {
            return state.GetAvailability(time.GetUtcNow(), Volatile.Read(ref _bestLatencyMs));
        }
    }

    public bool TryBeginAttempt(string provider)
    {
        var state = Get(provider);
        lock (state.Gate)
        {
            return state.TryBeginAttempt(time.GetUtcNow());
        }
    }

    public void Record(string provider, AttemptOutcome outcome)
    {
        var state = Get(provider);
        lock (state.Gate)
        {
            state.Record(outcome, time.GetUtcNow());
        }

        if (outcome.Kind == OutcomeKind.Success)
        {
            UpdateBestLatency();
        }
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

    private ProviderHealthState Get(string provider) =>
        _states.TryGetValue(provider, out var state) ? state : _states.GetOrAdd(provider, p => new ProviderHealthState(p, options));

    private void UpdateBestLatency()
    {
        var best = double.MaxValue;
        foreach (var state in _states.Values)
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
