using System.Collections.Concurrent;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts.Keys;

/// <summary>
/// The managed client keys in memory, by the SHA-256 hex of the key: what authentication, the model allow-list and the
/// limits read on every request (never a store query per request). Reloaded from the store after every change made
/// here, and whenever the store's version moves (a Redis message from another replica, or the poll), through
/// a reload of <see cref="IStoreVersion"/>, in either direction (a restored backup moves it back). A snapshot swap
/// is atomic; the last one stays while the store is down. Until the first load (the store was down at start-up) the
/// registry is not <see cref="Loaded"/>: the gateway then fails closed (a key not in configuration gets 503).
/// </summary>
internal sealed partial class ClientKeyRegistry : IKeyLimits, IModelAllowList, IDisposable
{
    private readonly IClientKeyStore _store;
    private readonly IStoreVersion _version;
    private readonly IStoreStatus _status;
    private readonly IDisposable _subscription;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientKeyRegistry> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private volatile ClientKeySnapshot _snapshot = ClientKeySnapshot.Empty;
    private volatile bool _loaded;
    private bool _missedAtStart;

    public ClientKeyRegistry(IClientKeyStore store, IStoreVersion version, IStoreStatus status, TimeProvider time, ILogger<ClientKeyRegistry> logger)
    {
        (_store, _version, _status, _time, _logger) = (store, version, status, time, logger);
        // The store's version moved (here, another replica's Redis message, or the poll): read the keys again.
        _subscription = version.OnChange(ReloadAsync);
    }

    /// <summary>Whether the store holds any managed key (revoked and expired ones included): then <c>/v1</c> requires a key.</summary>
    public bool AnyKeys => _snapshot.AnyKeys;

    /// <summary>
    /// Whether the managed keys were read from the store at least once. False while the store has been unreachable since
    /// start-up: then no one can tell a managed key from a made-up one, and <c>/v1</c> must not be open.
    /// </summary>
    public bool Loaded => _loaded;

    /// <summary>The number of keys that can authenticate now (for start-up logs and tests).</summary>
    public int ActiveCount => _snapshot.ByHash.Count;

    /// <summary>
    /// The key whose SHA-256 is <paramref name="hash"/>, if it is active now: not revoked, not expired, and, for the
    /// key a rotation replaced, still within its grace. Marks it used.
    /// </summary>
    public bool TryIdentify(ReadOnlySpan<byte> hash, out string? owner, out string? keyId)
    {
        (owner, keyId) = (null, null);
        var snapshot = _snapshot;
        if (snapshot.ByHash.Count == 0)
        {
            return false;
        }

        Span<char> hex = stackalloc char[64];
        if (!Convert.TryToHexStringLower(hash, hex, out var written)
            || !snapshot.Lookup.TryGetValue(hex[..written], out var entry))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (entry.ValidUntil is { } until && now >= until)
        {
            return false;
        }

        (owner, keyId) = (entry.Key.Owner, entry.Key.Id);
        _used[entry.Key.Id] = now;
        return true;
    }

    /// <inheritdoc/>
    public LimitSet? For(string keyId) => _snapshot.ById.TryGetValue(keyId, out var key) ? key.Limits : null;

    /// <inheritdoc/>
    public bool Allows(string keyId, string? model, string? pinnedProvider) =>
        !_snapshot.ById.TryGetValue(keyId, out var key) || ModelAllowList.Allows(key.Models, model, pinnedProvider);

    /// <summary>Reads every key from the store and swaps the snapshot (unless a newer one is already in place).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Reads are serialised here, so the last read is the store's latest state whatever its version says: a
            // version that moved back (a restored backup) is taken as it is, never skipped as "older".
            var version = await _version.ReadAsync(cancellationToken).ConfigureAwait(false);
            var records = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            var next = ClientKeySnapshot.Build(version, records);
            if (next.ByHash.Count != _snapshot.ByHash.Count || version != _snapshot.Version)
            {
                Log.Loaded(_logger, version, next.ById.Count, next.ByHash.Count);
            }

            _snapshot = next;
            if (!_loaded)
            {
                _loaded = true;
                if (_missedAtStart)
                {
                    Log.LoadedAfterOutage(_logger, _status.Database);
                }
            }

            if (next.ById.Values.Any(k => k.Limits is { IsEmpty: false }))
            {
                Usage.O200kTokens.LoadInBackground();
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// The first load, at start-up. A store that does not answer is logged (why the gateway refuses keys it does not
    /// know) and left to the store watcher, whose first load advances <see cref="IStoreVersion"/>.
    /// </summary>
    public async Task LoadAtStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            _missedAtStart = true;
            Log.NotLoaded(_logger, _status.Database);
        }
    }

    /// <summary>The last-used times noted since the last call, removed from the pending set.</summary>
    public List<KeyValuePair<string, DateTimeOffset>> TakeUsed()
    {
        var taken = new List<KeyValuePair<string, DateTimeOffset>>();
        foreach (var id in _used.Keys)
        {
            if (_used.TryRemove(id, out var at))
            {
                taken.Add(new(id, at));
            }
        }

        return taken;
    }

    /// <summary>A last-used time noted but not yet written (so the admin API shows it before the flush).</summary>
    public DateTimeOffset? PendingUse(string keyId) => _used.TryGetValue(keyId, out var at) ? at : null;

    /// <summary>Puts back times a failed flush could not write (a newer use wins).</summary>
    public void ReturnUsed(IEnumerable<KeyValuePair<string, DateTimeOffset>> used)
    {
        foreach (var (id, at) in used)
        {
            _used.AddOrUpdate(id, at, (_, current) => current > at ? current : at);
        }
    }

    public void Dispose() => _subscription.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ClientKeysLoaded, Level = LogLevel.Information, Message = "Client keys loaded at store version {Version}: {Count} managed, {Active} accepted (current and in-grace hashes)")]
        public static partial void Loaded(ILogger logger, long version, int count, int active);

        [LoggerMessage(EventId = EventIds.ClientKeysNotLoaded, Level = LogLevel.Error, Message = "Managed client keys could not be loaded: the control-data store ({Database}) does not answer. Failing closed until it does: /v1 answers 503 store_unavailable to any key not in configuration, /readyz is not ready")]
        public static partial void NotLoaded(ILogger logger, string database);

        [LoggerMessage(EventId = EventIds.ClientKeysLoadedAfterOutage, Level = LogLevel.Information, Message = "Managed client keys loaded from the control-data store ({Database}) after it was unavailable at start-up: /v1 accepts them again")]
        public static partial void LoadedAfterOutage(ILogger logger, string database);
    }
}
