using Gateway.Routing;
using Microsoft.Extensions.Hosting;

namespace Gateway.Selection;

/// <summary>
/// After every routing table swap, lets each strategy forget the state (round-robin positions) of candidate sets the
/// new table no longer has, so that state stays bounded. Selection follows Routing, never the other way round.
/// </summary>
internal sealed class StrategiesFollowRoutingTable(RoutingTableSource routing, IEnumerable<ISelectionStrategy> strategies) : IHostedService
{
    private readonly ISelectionStrategy[] _strategies = [.. strategies];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        routing.Swapped += Retain;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        routing.Swapped -= Retain;
        return Task.CompletedTask;
    }

    /// <summary>Called with each new table.</summary>
    public void Retain(RoutingTable table)
    {
        foreach (var strategy in _strategies)
        {
            strategy.Retain(table.Owns);
        }
    }
}
