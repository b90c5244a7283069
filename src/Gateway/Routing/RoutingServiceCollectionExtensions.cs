using Gateway.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Routing;

/// <summary>Registers the routing table (rebuilt and swapped on every change), the model resolver and health's following of the table.</summary>
internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddRoutingTable(this IServiceCollection services)
    {
        services.AddSingleton<RoutingTableSource>();
        services.AddSingleton<ILiveCatalog>(sp => sp.GetRequiredService<RoutingTableSource>());
        services.AddHostedService<HealthFollowsRoutingTable>();
        services.AddSingleton<ModelResolver>();
        return services;
    }
}
