using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>
/// Holds the live <see cref="RoutingTable"/> in one volatile reference. When the configuration or a provider source
/// changes, a new table is built on a thread-pool thread (never on the request path; changes that arrive meanwhile
/// fold into one more build) and swapped in. After a change of the store's version, once its reloads ran (managed
/// providers among them), the table is rebuilt on the change's own thread (<see cref="IStoreVersion.AfterReloads"/>),
/// so the change's caller answers with the new table in place. A build that fails keeps the current table and logs every error.
/// </summary>
internal sealed partial class RoutingTableSource : ILiveCatalog, IDisposable
{
    private readonly GatewayOptionsMonitor _options;
    private readonly IProviderSource[] _sources;
    private readonly IProviderProtocol[] _protocols;
    private readonly GatewayRegistry _registry;
    private readonly ILogger<RoutingTableSource> _logger;
    private readonly IDisposable _storeChanges;
    private readonly Lock _building = new();
    private volatile RoutingTable _current;
    private int _pending;

    public RoutingTableSource(
        GatewayOptionsMonitor options, GatewayRegistry registry, IEnumerable<IProviderSource> sources, IEnumerable<IProviderProtocol> protocols,
        IStoreVersion storeVersion, ILogger<RoutingTableSource> logger)
    {
        (_options, _registry, _sources, _protocols, _logger) = (options, registry, [.. sources], [.. protocols], logger);

        // The first table is built here, on start-up: a problem stops start-up, as it always did.
        _current = Build(1, _options.Current, out var errors) ?? throw new GatewayConfigurationException(errors);
        _options.Changed += Schedule;
        foreach (var source in _sources)
        {
            source.Changed += Schedule;
        }

        _storeChanges = storeVersion.AfterReloads(() => Rebuild());
    }

    /// <summary>The live table: one volatile read.</summary>
    public RoutingTable Current => _current;

    /// <inheritdoc/>
    public ProviderCatalog Catalog => _current.Catalog;

    /// <summary>Raised (on the building thread) after a new table was swapped in.</summary>
    public event Action<RoutingTable>? Swapped;

    /// <summary>Builds and swaps a table now, on the caller's thread; false (the current table kept) when the build fails.</summary>
    public bool Rebuild()
    {
        RoutingTable? table;
        lock (_building)
        {
            table = Build(_current.Version + 1, _options.Current, out var errors);
            if (table is null)
            {
                Log.Rejected(_logger, errors.Count, _current.Version);
                foreach (var error in errors)
                {
                    Log.Error(_logger, error);
                }

                return false;
            }

            _current = table;

            Log.Swapped(_logger, table.Version, table.Catalog.Enabled.Count, string.Join(", ", table.Catalog.Enabled.Select(p => p.Name)));
        }

        Swapped?.Invoke(table);
        return true;
    }

    public void Dispose()
    {
        _options.Changed -= Schedule;
        foreach (var source in _sources)
        {
            source.Changed -= Schedule;
        }

        _storeChanges.Dispose();
    }

    private void Schedule()
    {
        // One build queued at most: a change that lands while one is queued is covered by it.
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.RunPending(), this, preferLocal: false);
        }
    }

    private void RunPending()
    {
        Volatile.Write(ref _pending, 0);
        try
        {
            Rebuild();
        }
        catch (Exception e)
        {
            // Nothing may escape onto the thread pool; a running gateway keeps its table.
            Log.Failed(_logger, e);
        }
    }
}
