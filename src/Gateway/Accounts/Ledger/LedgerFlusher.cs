using Gateway.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts.Ledger;

/// <summary>
/// Writes the ledger's batch every <see cref="AccountsOptions.LedgerFlushInterval"/> (on the injected clock) and once
/// more at shutdown; the first write, at start, replays the spools that ended processes left (<see cref="LedgerSpool"/>).
/// </summary>
internal sealed partial class LedgerFlusher(LedgerBook book, AccountsOptions options, TimeProvider time, ILogger<LedgerFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LedgerFlushInterval, time);
        try
        {
            await FlushAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await book.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FlushFailed(logger, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LedgerFlushFailed, Level = LogLevel.Warning, Message = "Ledger: the batch could not be written ({Error}); it is kept for the next flush")]
        public static partial void FlushFailed(ILogger logger, string error);
    }
}
