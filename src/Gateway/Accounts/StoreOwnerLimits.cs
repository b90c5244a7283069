using Gateway.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts;

/// <summary>
/// Owners' limits from the store, answered from an immutable snapshot swapped whole: loaded at start-up, after each
/// change made here, whenever the store's version moves (a change bumps it: another replica's Redis message or the
/// store poll, a reload of <see cref="IStoreVersion"/>, as client keys are), and every
/// <see cref="AccountsOptions.LedgerFlushInterval"/> as the last fallback.
/// </summary>
internal sealed partial class StoreOwnerLimits : BackgroundService, IOwnerLimits
{
    private readonly IOwnerLimitStore _store;
    private readonly AccountsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreOwnerLimits> _logger;
    private readonly IDisposable _subscription;
    private volatile IReadOnlyDictionary<string, LimitSet> _limits = new Dictionary<string, LimitSet>();

    public StoreOwnerLimits(IOwnerLimitStore store, IStoreVersion version, AccountsOptions options, TimeProvider time, ILogger<StoreOwnerLimits> logger)
    {
        (_store, _options, _time, _logger) = (store, options, time, logger);
        _subscription = version.OnChange(RefreshAsync);
    }

    public LimitSet? For(string owner) => _limits.GetValueOrDefault(owner);

    /// <summary>Reads every owner's limits again.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
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
        using var timer = new PeriodicTimer(_options.LedgerFlushInterval, _time);
        do
        {
            await RefreshQuietlyAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RefreshFailed(_logger, e.GetType().Name);
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
