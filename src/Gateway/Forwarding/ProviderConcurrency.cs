using System.Collections.Concurrent;
using Gateway.Queueing;

namespace Gateway.Forwarding;

/// <summary>
/// The bulkhead: requests in flight per provider (by name, so counts outlive configuration changes), each provider
/// capped at its <c>MaxInFlight</c>. A provider at its cap is passed over for the next candidate. A freed slot wakes
/// a request waiting for it in the <see cref="RequestQueue"/>. Its counts are the <c>gateway.upstream.in_flight</c> metric.
/// </summary>
internal sealed class ProviderConcurrency
{
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.Ordinal);
    private readonly RequestQueue _queue;

    public ProviderConcurrency(RequestQueue queue, Telemetry.GatewayMetrics? metrics = null)
    {
        _queue = queue;
        metrics?.ObserveInFlight(Observe);
    }

    public int InFlight(string provider) => _inFlight.TryGetValue(provider, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Takes a slot unless <paramref name="limit"/> (0: none) is reached.</summary>
    public bool TryEnter(string provider, int limit)
    {
        var box = _inFlight.GetOrAdd(provider, static _ => new StrongBox());
        if (Interlocked.Increment(ref box.Value) <= limit || limit <= 0)
        {
            return true;
        }

        Interlocked.Decrement(ref box.Value);
        return false;
    }

    public void Exit(string provider)
    {
        if (_inFlight.TryGetValue(provider, out var box))
        {
            Interlocked.Decrement(ref box.Value);
            _queue.Released(provider);
        }
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<long>> Observe()
    {
        foreach (var (provider, box) in _inFlight)
        {
            yield return new(Volatile.Read(ref box.Value), new KeyValuePair<string, object?>("provider", provider));
        }
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
