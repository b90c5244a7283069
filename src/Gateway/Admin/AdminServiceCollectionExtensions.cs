using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin;

/// <summary>Registers the admin API's endpoints (mapped under <c>/admin</c> by <see cref="AdminEndpointRouteBuilderExtensions"/>; the managed providers' own: AddManagedProviders).</summary>
internal static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminHealthEndpoint>();
        services.AddSingleton<AdminRoutingEndpoint>();
        services.AddSingleton<AdminUsageEndpoint>();
        services.AddSingleton<AdminLedgerUsage>();
        services.AddSingleton<AdminOwnerLimitsEndpoint>();
        services.AddSingleton<AdminProviderTestEndpoint>();
        services.AddSingleton<AdminAuditEndpoint>();
        services.AddSingleton<AdminKeysEndpoint>();
        return services;
    }
}
