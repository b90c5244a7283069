using Gateway.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts;

/// <summary>
/// Owners' limits from the store, answered from an immutable snapshot swapped whole: loaded at start-up, after each
/// change made here, and every <see cref="AccountsOptions.LedgerFlushInterval"/> (so another replica's change arrives
/// within a few seconds).
/// </summary>
internal sealed partial class StoreOwnerLimits(ControlStore store, AccountsOptions options, TimeProvider time, ILogger<StoreOwnerLimits> logger) : BackgroundService, IOwnerLimits
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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LedgerFlushInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RefreshFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Owner limits could not be read ({Error}); the last ones stay in force")]
        public static partial void RefreshFailed(ILogger logger, string error);
    }
}
