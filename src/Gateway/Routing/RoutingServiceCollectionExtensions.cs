using Gateway.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Routing;

/// <summary>Registers the routing table (rebuilt and swapped on every change), the model resolver, the candidate filters and health's following of the table.</summary>
internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddRoutingTable(this IServiceCollection services)
    {
        services.AddSingleton<RoutingTableSource>();
        services.AddSingleton<ILiveCatalog>(sp => sp.GetRequiredService<RoutingTableSource>());
        services.AddHostedService<HealthFollowsRoutingTable>();
        services.AddSingleton<ModelResolver>();
        // Candidate narrowing, one ordered list (each filter's Order); the provider-usage filter registers with Accounts.
        services.AddSingleton<CandidateFilters>();
        services.AddSingleton<ICandidateFilter, ProtocolCapabilityFilter>();
        services.AddSingleton<ICandidateFilter, NativesFilter>();
        return services;
    }
}
