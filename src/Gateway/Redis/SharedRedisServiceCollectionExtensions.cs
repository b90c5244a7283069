using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Redis;

/// <summary>Registers the one Redis connection every Redis-backed part takes from DI.</summary>
internal static class SharedRedisServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SharedRedis"/> once, as a singleton (disposed once, by the container) and as a hosted
    /// service registered before its users, so it starts connecting first and in the background.
    /// </summary>
    public static IServiceCollection AddSharedRedis(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SharedRedis)))
        {
            return services;
        }

        services.TryAddSingleton<SharedRedis>();
        services.AddHostedService(sp => sp.GetRequiredService<SharedRedis>());
        return services;
    }
}
