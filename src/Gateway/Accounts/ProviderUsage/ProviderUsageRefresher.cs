using Gateway.Accounts.Ledger;
using Gateway.Contracts;
using Gateway.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Accounts.ProviderUsage;

/// <summary>
/// Keeps <see cref="ProviderUsageMeter"/> current: the providers' limits from every routing table swapped in (a limit
/// changed through the API applies at once), and their month's usage read from the ledger at start-up and every
/// <see cref="AccountsOptions.LedgerFlushInterval"/> (on the injected clock), which also starts a new month at zero.
/// </summary>
internal sealed partial class ProviderUsageRefresher(ProviderUsageMeter meter, LedgerBook ledger, RoutingTableSource routing, AccountsOptions options,
    TimeProvider time, ILogger<ProviderUsageRefresher> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        routing.Swapped += OnSwapped;
        OnSwapped(routing.Current);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        routing.Swapped -= OnSwapped;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LedgerFlushInterval, time);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnSwapped(RoutingTable table) => meter.SetLimits(table.Catalog.Enabled
        .Where(p => p.Options.UsageLimit is not null)
        .Select(p => KeyValuePair.Create(p.Name, p.Options.UsageLimit!.Value)));

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await meter.RefreshAsync(ledger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RefreshFailed(logger, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProviderUsageRefreshFailed, Level = LogLevel.Warning, Message = "Provider usage: the ledger could not be read ({Error}); the last totals and this replica's adds since stay in force")]
        public static partial void RefreshFailed(ILogger logger, string error);
    }
}
