using Gateway.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Waits for a gateway's live routing table (swaps happen on another thread, file reloads later still).</summary>
internal static class Tables
{
    public static RoutingTable Current(this GatewayHost gateway) => gateway.Services.GetRequiredService<RoutingTableSource>().Current;

    /// <summary>Polls until the live table satisfies <paramref name="condition"/>; fails after <paramref name="seconds"/>.</summary>
    public static async Task<RoutingTable> WaitForTableAsync(this GatewayHost gateway, Func<RoutingTable, bool> condition, double seconds = 10)
    {
        var table = gateway.Current();
        await Eventually.TrueAsync(() => condition(table = gateway.Current()), TimeSpan.FromSeconds(seconds),
            () => $"the routing table did not change as expected (live: version {table.Version})");
        return table;
    }
}
