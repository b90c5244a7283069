using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Usage;

/// <summary>Registers token accounting: prices, the usage read from responses, and its recording.</summary>
internal static class UsageServiceCollectionExtensions
{
    public static IServiceCollection AddUsage(this IServiceCollection services)
    {
        services.AddSingleton<PriceTable>();
        services.AddSingleton<UsageTracker>();
        services.AddSingleton<UsageRecorder>();
        return services;
    }
}
