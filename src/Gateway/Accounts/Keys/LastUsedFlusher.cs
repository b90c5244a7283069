using Gateway.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts.Keys;

/// <summary>
/// Writes the keys' last-used times in one batch every <see cref="ClientKeysOptions.LastUsedFlushInterval"/> and at
/// shutdown, so a request never waits on a database write. A batch the store refuses is kept for the next one.
/// </summary>
internal sealed partial class LastUsedFlusher(ClientKeyRegistry registry, IClientKeyStore store, ClientKeysOptions options, TimeProvider time, ILogger<LastUsedFlusher> logger)
    : BackgroundService
{
    /// <summary>Writes what is pending now (also used by tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var used = registry.TakeUsed();
        if (used.Count == 0)
        {
            return;
        }

        try
        {
            await store.TouchAsync(used, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
        {
            registry.ReturnUsed(used);
            Log.FlushFailed(logger, used.Count, e.GetType().Name);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.LastUsedFlushInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LastUsedFlushFailed, Level = LogLevel.Warning, Message = "Could not write the last-used times of {Count} client key(s) ({Error}); kept for the next flush")]
        public static partial void FlushFailed(ILogger logger, int count, string error);
    }
}
