using Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Caching;

/// <summary>Registers the response cache: its policy, metrics and store (memory or Redis, as <see cref="CacheOptions.Store"/> says).</summary>
internal static class CachingServiceCollectionExtensions
{
    public static IServiceCollection AddResponseCache(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Cache);
        services.AddSingleton<CachePolicy>();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<ResponseCache>();
        if (options.Cache.Store == CacheOptions.RedisStore)
        {
            services.AddSingleton<IResponseCacheStore, RedisResponseCacheStore>();
        }
        else
        {
            services.AddSingleton<IResponseCacheStore, MemoryResponseCacheStore>();
        }

        return services;
    }
}
