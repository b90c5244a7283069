using Gateway.Contracts;
using Gateway.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts;

/// <summary>
/// Owners' limits from the store, answered from an immutable snapshot swapped whole: loaded at start-up, after each
/// change made here, whenever the store's version moves (a change bumps it: another replica's Redis message or the
/// store poll, through <see cref="ManagedProviderSource.Changed"/>, as client keys are), and every
/// <see cref="AccountsOptions.LedgerFlushInterval"/> as the last fallback.
/// </summary>
internal sealed partial class StoreOwnerLimits(ControlStore store, AccountsOptions options, TimeProvider time, ILogger<StoreOwnerLimits> logger,
    ManagedProviderSource? providers = null) : BackgroundService, IOwnerLimits
{
    private volatile IReadOnlyDictionary<string, LimitSet> _limits = new Dictionary<string, LimitSet>();

    public LimitSet? For(string owner) => _limits.GetValueOrDefault(owner);

    /// <summary>Reads every owner's limits again.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListOwnerLimitsAsync(cancellationToken).ConfigureAwait(false);
        var limits = new Dictionary<string, LimitSet>(StringComparer.Ordinal);
        foreach (var (owner, json) in stored)
        {
            if (LimitSetJson.FromText(json) is { } set)
            {
                limits[owner] = set;
            }
        }

        _limits = limits;
        if (limits.Count > 0)
        {
            Usage.O200kTokens.LoadInBackground();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnStoreChanged() => _ = RefreshQuietlyAsync(stoppingToken);
        if (providers is not null)
        {
            providers.Changed += OnStoreChanged;
        }

        try
        {
            using var timer = new PeriodicTimer(options.LedgerFlushInterval, time);
            do
            {
                await RefreshQuietlyAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            if (providers is not null)
            {
                providers.Changed -= OnStoreChanged;
            }
        }
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RefreshFailed(logger, e.GetType().Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.OwnerLimitsRefreshFailed, Level = LogLevel.Warning, Message = "Owner limits could not be read ({Error}); the last ones stay in force")]
        public static partial void RefreshFailed(ILogger logger, string error);
    }
}
