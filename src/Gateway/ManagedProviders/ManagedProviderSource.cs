using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.Extensions.Logging;

namespace Gateway.ManagedProviders;

/// <summary>
/// The managed providers as a provider source of the routing table: the store's rows, keys decrypted, as
/// <see cref="ProviderOptions"/>. Loaded at start-up and again whenever the store's version moves (a reload of
/// <see cref="IStoreVersion"/>, after which the routing table rebuilds). A row that cannot be used (a ciphertext that
/// fails to open, a bad config) is left out of routing, logged once and reported in the admin API; the rest carry on.
/// While the store is unreachable the last list stays.
/// </summary>
internal sealed partial class ManagedProviderSource : IProviderSource, IDisposable
{
    private readonly IManagedProviderStore _store;
    private readonly IProviderSecrets _cipher;
    private readonly IStoreVersion _version;
    private readonly GatewayRegistry _registry;
    private readonly GatewayOptions _options;
    private readonly ILogger<ManagedProviderSource> _logger;
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private volatile bool _initialized;
    private HashSet<string> _reported = new(StringComparer.Ordinal);

    public ManagedProviderSource(IManagedProviderStore store, IProviderSecrets cipher, IStoreVersion version, GatewayRegistry registry, GatewayOptions options,
        ILogger<ManagedProviderSource> logger)
    {
        (_store, _cipher, _version, _registry, _options, _logger) = (store, cipher, version, registry, options, logger);
        _subscription = version.OnChange(ct => _initialized ? RefreshAsync(ct) : LoadAsync(ct));
    }

    public string Name => "store";

    public IReadOnlyList<ProviderOptions> Providers => _snapshot.Providers;

    /// <summary>The store version the current list was read at (-1 before the first load).</summary>
    public long Version => _snapshot.Version;

    /// <summary>Whether the first list was loaded (false while PostgreSQL was down since start-up).</summary>
    public bool Initialized => _initialized;

    /// <summary>Why a managed provider (by id) is out of routing although active, e.g. a ciphertext that fails to open.</summary>
    public IReadOnlyDictionary<string, string> Problems => _snapshot.Problems;

    /// <summary>
    /// Never raised: the routing table rebuilds after the store-version reloads (<see cref="IStoreVersion.AfterReloads"/>),
    /// which is when this list changes.
    /// </summary>
    public event Action? Changed
    {
        add { }
        remove { }
    }

    /// <summary>
    /// The first load, at start-up, unless the store did not answer then (the store-version reloads load it when it
    /// does). A wrong encryption key (stored secrets, none of them under a configured key) throws
    /// <see cref="GatewayConfigurationException"/> naming the setting.
    /// </summary>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        if (_version.Current < 0)
        {
            return false;
        }

        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the store's rows again and, when anything changed (the version moved either way, or the list), swaps the
    /// list in.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var version = await _version.ReadAsync(cancellationToken).ConfigureAwait(false);
            var records = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            var next = Build(version, records);
            var previous = _snapshot;
            _snapshot = next;
            if (next.Version < previous.Version)
            {
                // A restored backup or a lagging database: still the store's current state, so it is loaded (everything
                // that watches the version reloads on any change of it, in either direction).
                Log.VersionBackwards(_logger, previous.Version, next.Version);
            }

            if (next.Version != previous.Version || next.Providers.Count != previous.Providers.Count)
            {
                Log.Loaded(_logger, next.Version, next.Providers.Count, next.Problems.Count);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>Checks the encryption keys against the stored secrets, then loads.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        CheckKeys(await _store.ListAsync(cancellationToken).ConfigureAwait(false));
        _initialized = true;
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    private Snapshot Build(long version, IReadOnlyList<ManagedProviderRecord> records)
    {
        var providers = new List<ProviderOptions>();
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            string? key = null;
            string? problem = null;
            if (record.ApiKey is { } sealedKey && !_cipher.TryDecrypt(sealedKey, record.Id, SecretFields.ApiKey, out key))
            {
                (key, problem) = (null, "the stored API key cannot be decrypted (tampered, or under a key no longer configured)");
            }

            if (problem is null && ManagedProviderOptions.TryCreate(record, key, _registry, _options.Timeouts, out var provider, out problem))
            {
                providers.Add(provider);
                continue;
            }

            problems[record.Id] = problem!;
            reported.Add(record.Id + problem);
            if (!_reported.Contains(record.Id + problem))
            {
                Log.Unusable(_logger, record.Id, ManagedProviderOptions.NameOf(record), problem!);
            }
        }

        _reported = reported;
        return new Snapshot(version, providers, problems);
    }

    /// <summary>Stored secrets that no configured key can open (every one names an unknown key) mean the wrong key: stop.</summary>
    private void CheckKeys(IReadOnlyList<ManagedProviderRecord> records)
    {
        var sealedValues = records.SelectMany(r => new[] { r.ApiKey, r.AccessToken, r.RefreshToken }).OfType<string>().ToList();
        if (sealedValues.Count == 0)
        {
            return;
        }

        var known = _cipher.KeyIds.ToHashSet(StringComparer.Ordinal);
        if (sealedValues.Any(v => _cipher.KeyIdOf(v) is { } id && known.Contains(id)))
        {
            return;
        }

        var setting = _options.Store.EncryptionKeySetting;
        throw new GatewayConfigurationException(_cipher.CanEncrypt
            ? $"{setting}: none of the configured encryption keys opens the {sealedValues.Count} stored secret(s) (they were encrypted under key id(s) {string.Join(", ", sealedValues.Select(_cipher.KeyIdOf).Distinct())}); configure the key they were written with"
            : $"{setting}: the store holds {sealedValues.Count} encrypted secret(s) but no encryption key is configured; set {setting} to the key they were written with");
    }

    private sealed record Snapshot(long Version, IReadOnlyList<ProviderOptions> Providers, IReadOnlyDictionary<string, string> Problems)
    {
        public static readonly Snapshot Empty = new(-1, [], new Dictionary<string, string>());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ManagedProvidersLoaded, Level = LogLevel.Information, Message = "Managed providers loaded at store version {Version}: {Count} usable, {Problems} unusable")]
        public static partial void Loaded(ILogger logger, long version, int count, int problems);

        [LoggerMessage(EventId = EventIds.ManagedProviderUnusable, Level = LogLevel.Error, Message = "Managed provider {Id} ({Name}) left out of routing: {Problem}")]
        public static partial void Unusable(ILogger logger, string id, string name, string problem);

        [LoggerMessage(EventId = EventIds.StoreVersionBackwards, Level = LogLevel.Warning, Message = "The store's version moved backwards, from {Previous} to {Current} (a restored backup or a lagging database?): reloading everything from it")]
        public static partial void VersionBackwards(ILogger logger, long previous, long current);
    }
}
