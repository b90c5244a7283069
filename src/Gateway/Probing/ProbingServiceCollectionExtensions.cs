using Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Probing;

/// <summary>Registers the active probes of idle and standby providers when <c>Gateway:Probes:IntervalSeconds</c> turns them on.</summary>
internal static class ProbingServiceCollectionExtensions
{
    public static IServiceCollection AddActiveProbes(this IServiceCollection services, GatewayOptions options)
    {
        if (options.Probes.Enabled)
        {
            services.AddSingleton<ActiveProbes>();
            services.AddHostedService(sp => sp.GetRequiredService<ActiveProbes>());
        }

        return services;
    }
}
