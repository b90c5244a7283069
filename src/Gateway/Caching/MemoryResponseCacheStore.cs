using Gateway.Configuration;

namespace Gateway.Caching;

/// <summary>
/// This replica's cache: entries in least-recently-used order, bounded by their bytes (<see cref="CacheOptions.MaxBytes"/>):
/// a save that goes over the bound removes the least recently used first. An entry older than its time to live is a
/// miss and goes when it is found. One lock around a dictionary and a linked list: every operation is O(1).
/// </summary>
internal sealed class MemoryResponseCacheStore(CacheOptions options, TimeProvider time) : IResponseCacheStore
{
    private readonly Dictionary<string, LinkedListNode<Slot>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Slot> _order = new(); // most recently used first
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>The bytes the entries hold now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<CachedResponse?> GetAsync(string key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return ValueTask.FromResult<CachedResponse?>(null);
            }

            if (node.Value.Expires <= now)
            {
                Remove(node);
                return ValueTask.FromResult<CachedResponse?>(null);
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return ValueTask.FromResult<CachedResponse?>(node.Value.Entry);
        }
    }

    public ValueTask SetAsync(string key, CachedResponse entry)
    {
        var size = entry.Size;
        if (size > options.MaxBytes)
        {
            return ValueTask.CompletedTask;
        }

        var slot = new Slot(key, entry, size, time.GetUtcNow() + options.TimeToLive);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                Remove(old);
            }

            while (_bytes + size > options.MaxBytes && _order.Last is { } last)
            {
                Remove(last);
            }

            _entries[key] = _order.AddFirst(slot);
            _bytes += size;
        }

        return ValueTask.CompletedTask;
    }

    private void Remove(LinkedListNode<Slot> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Size;
    }

    private sealed record Slot(string Key, CachedResponse Entry, long Size, DateTimeOffset Expires);
}
