using Gateway.Configuration;
using Gateway.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Selection;

/// <summary>
/// Registers the selection strategies (one line each, by name), the planner that uses the configured one, who chooses a
/// request's strategy (<see cref="KeyStrategies"/>) and the ring of recent routing decisions.
/// </summary>
internal static class SelectionServiceCollectionExtensions
{
    /// <summary>Every strategy under its name, in DI and in the registry that configuration is validated against.</summary>
    public static void AddSelectionStrategies(this IServiceCollection services, GatewayRegistry registry)
    {
        Strategy<RoundRobinStrategy>(services, registry, SelectionStrategyNames.RoundRobin);
        Strategy<RandomStrategy>(services, registry, SelectionStrategyNames.Random);
        Strategy<WeightedStrategy>(services, registry, SelectionStrategyNames.Weighted);
        Strategy(services, registry, SelectionStrategyNames.Failover, _ => new FailoverStrategy(SelectionStrategyNames.Failover));
        Strategy(services, registry, SelectionStrategyNames.Priority, _ => new FailoverStrategy(SelectionStrategyNames.Priority));
        Strategy<CostStrategy>(services, registry, SelectionStrategyNames.Cost);
        Strategy<LatencyStrategy>(services, registry, SelectionStrategyNames.Latency);
    }

    /// <summary>The planner (the configured rotation), the strategies' catalog and their following of the routing table.</summary>
    public static IServiceCollection AddSelection(this IServiceCollection services, GatewayOptions options)
    {
        services.AddHostedService<StrategiesFollowRoutingTable>();
        services.AddSingleton(sp => new SelectionPlanner(
            sp.GetRequiredKeyedService<ISelectionStrategy>(options.Rotation),
            sp.GetRequiredService<IHealthStore>(),
            sp.GetRequiredService<ILogger<SelectionPlanner>>()));
        services.AddSingleton<StrategyCatalog>();
        services.AddSingleton<KeyStrategies>();
        services.AddSingleton<RecentDecisions>();
        return services;
    }

    private static void Strategy<T>(IServiceCollection services, GatewayRegistry registry, string name)
        where T : class, ISelectionStrategy => Strategy(services, registry, name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    private static void Strategy(IServiceCollection services, GatewayRegistry registry, string name, Func<IServiceProvider, ISelectionStrategy> create)
    {
        services.AddKeyedSingleton<ISelectionStrategy>(name, (sp, _) => create(sp));
        services.AddSingleton<ISelectionStrategy>(sp => sp.GetRequiredKeyedService<ISelectionStrategy>(name));
        registry.AddStrategy(name);
    }
}
