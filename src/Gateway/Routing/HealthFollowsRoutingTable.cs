using Gateway.Health;
using Microsoft.Extensions.Hosting;

namespace Gateway.Routing;

/// <summary>
/// Tells the health store the enabled providers after every routing table swap, so shared health follows the
/// provider set. (A hosted service rather than the source's own job: the Redis store is built from the first table.)
/// </summary>
internal sealed class HealthFollowsRoutingTable(RoutingTableSource routing, IHealthStore health) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        routing.Swapped += OnSwapped;
        OnSwapped(routing.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        routing.Swapped -= OnSwapped;
        return Task.CompletedTask;
    }

    private void OnSwapped(RoutingTable table) => health.ReplaceProviders(table.Catalog.Enabled.Select(p => p.Name));
}
