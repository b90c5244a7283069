using System.Collections.Concurrent;

namespace Gateway.Accounts.Limits;

/// <summary>
/// <c>maxConcurrent</c> of keys and owners: requests in flight per key and per owner, in this replica (each replica
/// admits up to the limit; docs/security.md, "Concurrency per key"). A request holds one place in its key's count and
/// one in its owner's from admission until its ticket is settled. Counts exist only for scopes that have the limit.
/// </summary>
internal sealed class InFlightLimits
{
    private readonly ConcurrentDictionary<string, StrongBox> _counts = new(StringComparer.Ordinal);

    /// <summary>Takes a place under each limit given, all or none; null when one is full.</summary>
    public Hold? TryEnter(string keyId, long? keyLimit, string? owner, long? ownerLimit)
    {
        var key = keyLimit is { } k ? Enter("k:" + keyId, k) : null;
        if (keyLimit is not null && key is null)
        {
            return null;
        }

        var own = ownerLimit is { } o && owner is not null ? Enter("o:" + owner, o) : null;
        if (ownerLimit is not null && owner is not null && own is null)
        {
            key?.Release();
            return null;
        }

        return new Hold(key, own);
    }

    private Place? Enter(string scope, long limit)
    {
        var box = _counts.GetOrAdd(scope, _ => new StrongBox());
        if (Interlocked.Increment(ref box.Value) > limit)
        {
            Interlocked.Decrement(ref box.Value);
            return null;
        }

        return new Place(box);
    }

    /// <summary>How many requests of <paramref name="scope"/> (<c>k:id</c>, <c>o:owner</c>) are in flight.</summary>
    public long InFlight(string scope) => _counts.TryGetValue(scope, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>The places one request holds; released once.</summary>
    internal sealed class Hold(Place? key, Place? owner)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                key?.Release();
                owner?.Release();
            }
        }
    }

    internal sealed class Place(StrongBox box)
    {
        public void Release() => Interlocked.Decrement(ref box.Value);
    }

    internal sealed class StrongBox
    {
        public long Value;
    }
}
