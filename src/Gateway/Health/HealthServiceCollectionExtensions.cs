using Gateway.Configuration;
using Gateway.Health.Redis;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Health;

/// <summary>Registers provider health: scores and circuits in memory, or shared through Redis when it is configured.</summary>
internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddHealth(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(sp => new InMemoryHealthStore(options.Health, sp.GetRequiredService<TimeProvider>()));
        if (options.Redis.ConnectionString is null)
        {
            services.TryAddSingleton<IHealthStore>(sp => sp.GetRequiredService<InMemoryHealthStore>());
        }
        else
        {
            services.AddSharedRedis();
            services.AddSingleton<RedisHealthStore>();
            services.TryAddSingleton<IHealthStore>(sp => sp.GetRequiredService<RedisHealthStore>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisHealthStore>());
        }

        return services;
    }
}
