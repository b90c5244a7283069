using System.Collections.Concurrent;
using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Conversations;

/// <summary>
/// Stored responses of one process, bounded by bytes: at most <see cref="ResponsesOptions.MaxStoredBytesPerOwner"/> per
/// owner and <see cref="ResponsesOptions.MaxStoredBytes"/> in all (and <see cref="ResponsesOptions.MaxStoredInMemory"/>
/// entries), the oldest going first, each for its time to live on the injected clock. Expired entries are swept every
/// <see cref="ResponsesOptions.SweepInterval"/>, so their bytes are freed without waiting for a read. Reads take no lock;
/// changes take one (a save is one per completed response).
/// </summary>
internal sealed partial class InMemoryConversationStore : IConversationStore, IDisposable
{
    private readonly ResponsesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Entry> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _items = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _oldestFirst = new();
    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ITimer _sweeper;
    private long _bytes;

    public InMemoryConversationStore(ResponsesOptions options, TimeProvider time, ILogger<InMemoryConversationStore>? logger = null)
    {
        (_options, _time, _logger) = (options, time, (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _sweeper = time.CreateTimer(_ => Sweep(), null, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>The bytes kept now, as the limits count them (<see cref="StoredResponse.Size"/>).</summary>
    public long StoredBytes => Interlocked.Read(ref _bytes);

    /// <summary>The responses kept now.</summary>
    public int Count => _responses.Count;

    public ValueTask SaveAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        var size = response.Size;
        if (size > _options.MaxStoredBytesPerOwner || size > _options.MaxStoredBytes)
        {
            Log.TooLarge(_logger, size, Math.Min(_options.MaxStoredBytesPerOwner, _options.MaxStoredBytes));
            return ValueTask.CompletedTask;
        }

        var evicted = 0;
        lock (_lock)
        {
            if (_responses.TryGetValue(response.Id, out var replaced))
            {
                Remove(replaced);
            }

            var owner = OwnerOf(response.Owner);
            while (owner.Bytes + size > _options.MaxStoredBytesPerOwner && owner.Entries.First is { } oldest)
            {
                Remove(oldest.Value);
                evicted++;
            }

            while ((_bytes + size > _options.MaxStoredBytes || _responses.Count >= _options.MaxStoredInMemory) && _oldestFirst.First is { } oldest)
            {
                Remove(oldest.Value);
                evicted++;
            }

            owner = OwnerOf(response.Owner);
            var entry = new Entry(response, _time.GetUtcNow() + _options.TimeToLive, size, owner);
            entry.Node = _oldestFirst.AddLast(entry);
            entry.OwnerNode = owner.Entries.AddLast(entry);
            owner.Bytes += size;
            Interlocked.Add(ref _bytes, size);
            _responses[response.Id] = entry;
            foreach (var item in response.ItemIds ?? [])
            {
                _items[item] = response.Id;
            }
        }

        if (evicted > 0)
        {
            Log.Evicted(_logger, evicted, StoredBytes);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<StoredResponse?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!_responses.TryGetValue(id, out var entry))
        {
            return ValueTask.FromResult<StoredResponse?>(null);
        }

        if (entry.Expires <= _time.GetUtcNow())
        {
            lock (_lock)
            {
                Remove(entry);
            }

            return ValueTask.FromResult<StoredResponse?>(null);
        }

        return ValueTask.FromResult<StoredResponse?>(entry.Response);
    }

    public ValueTask<StoredResponse?> GetByItemAsync(string itemId, CancellationToken cancellationToken) =>
        _items.TryGetValue(itemId, out var id) ? GetAsync(id, cancellationToken) : ValueTask.FromResult<StoredResponse?>(null);

    public ValueTask<bool> DeleteAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_responses.TryGetValue(response.Id, out var entry) && Remove(entry));
        }
    }

    /// <summary>Removes every expired entry: the oldest come first and all live as long, so the sweep stops at the first live one.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        var swept = 0;
        lock (_lock)
        {
            while (_oldestFirst.First is { } oldest && oldest.Value.Expires <= now)
            {
                Remove(oldest.Value);
                swept++;
            }
        }

        return swept;
    }

    public void Dispose() => _sweeper.Dispose();

    private Owner OwnerOf(string name)
    {
        if (!_owners.TryGetValue(name, out var owner))
        {
            _owners[name] = owner = new Owner();
        }

        return owner;
    }

    /// <summary>Under the lock: forgets the entry and its item index, and gives back its bytes. False when it was gone already.</summary>
    private bool Remove(Entry entry)
    {
        if (entry.Node is null || !_responses.TryRemove(new KeyValuePair<string, Entry>(entry.Response.Id, entry)))
        {
            return false;
        }

        _oldestFirst.Remove(entry.Node);
        entry.Owner.Entries.Remove(entry.OwnerNode!);
        entry.Node = null;
        entry.Owner.Bytes -= entry.Size;
        Interlocked.Add(ref _bytes, -entry.Size);
        if (entry.Owner.Entries.Count == 0)
        {
            _owners.Remove(entry.Response.Owner);
        }

        foreach (var item in entry.Response.ItemIds ?? [])
        {
            _items.TryRemove(new KeyValuePair<string, string>(item, entry.Response.Id));
        }

        return true;
    }

    private sealed class Entry(StoredResponse response, DateTimeOffset expires, long size, Owner owner)
    {
        public StoredResponse Response => response;

        public DateTimeOffset Expires => expires;

        public long Size => size;

        public Owner Owner => owner;

        public LinkedListNode<Entry>? Node { get; set; }

        public LinkedListNode<Entry>? OwnerNode { get; set; }
    }

    private sealed class Owner
    {
        public LinkedList<Entry> Entries { get; } = new();

        public long Bytes { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MemoryConversationTooLarge, Level = LogLevel.Warning, Message = "A response of {Size} bytes was not stored: larger than the limit of {Limit} bytes (Gateway:Responses:MaxStoredMegabytes, MaxStoredMegabytesPerOwner); its previous_response_id will not be found")]
        public static partial void TooLarge(ILogger logger, long size, long limit);

        [LoggerMessage(EventId = EventIds.MemoryConversationEvicted, Level = LogLevel.Debug, Message = "Stored responses: {Count} oldest evicted to stay within the byte limits; {Bytes} bytes kept")]
        public static partial void Evicted(ILogger logger, int count, long bytes);
    }
}
