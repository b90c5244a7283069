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
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var table = gateway.Current();
            if (condition(table))
            {
                return table;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the routing table did not change as expected within {seconds} s (live: version {table.Version})");
            await Task.Delay(20);
        }
    }
}
