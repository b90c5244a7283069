using System.Collections.Concurrent;
using Gateway.Queueing;

namespace Gateway.Forwarding;

/// <summary>
/// The bulkhead: requests in flight per provider (by name, so counts outlive configuration changes), each provider
/// capped at its <c>MaxInFlight</c>. A provider at its cap is passed over for the next candidate. A freed slot wakes
/// a request waiting for it in the <see cref="RequestQueue"/>.
/// </summary>
internal sealed class ProviderConcurrency(RequestQueue queue)
{
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.Ordinal);

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
            queue.Released(provider);
        }
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
