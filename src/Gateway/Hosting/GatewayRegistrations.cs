using Gateway.Configuration;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Providers.Anthropic;
using Gateway.Providers.AzureOpenAI;
using Gateway.Providers.OpenAICompatible;
using Gateway.Selection;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// Every pluggable part, one line each: provider protocols (with the provider types they own, as data) and selection
/// strategies (with their names). The same lines feed DI and the <see cref="GatewayRegistry"/> that configuration is
/// validated against, so what can be configured is exactly what is registered.
/// </summary>
internal static class GatewayRegistrations
{
    /// <summary>The registry alone (for reading configuration outside the host, as tests do).</summary>
    public static GatewayRegistry Registry { get; } = Add(new ServiceCollection());

    public static GatewayRegistry Add(IServiceCollection services)
    {
        var registry = new GatewayRegistry();
        Protocol<OpenAICompatibleProtocol>(services, registry, OpenAICompatibleProtocol.Types);
        Protocol<AzureOpenAIProtocol>(services, registry, AzureOpenAIProtocol.Types);
        Protocol<AnthropicProtocol>(services, registry, AnthropicProtocol.Types);
        Strategy<RoundRobinStrategy>(services, registry, SelectionStrategyNames.RoundRobin);
        Strategy<RandomStrategy>(services, registry, SelectionStrategyNames.Random);
        Strategy<WeightedStrategy>(services, registry, SelectionStrategyNames.Weighted);
        Strategy(services, registry, SelectionStrategyNames.Failover, _ => new FailoverStrategy(SelectionStrategyNames.Failover));
        Strategy(services, registry, SelectionStrategyNames.Priority, _ => new FailoverStrategy(SelectionStrategyNames.Priority));
        Strategy<CostStrategy>(services, registry, SelectionStrategyNames.Cost);
        Strategy<LatencyStrategy>(services, registry, SelectionStrategyNames.Latency);
        services.AddSingleton(registry);
        return registry;
    }

    private static void Protocol<T>(IServiceCollection services, GatewayRegistry registry, IReadOnlyList<ProviderTypeInfo> types)
        where T : class, IProviderProtocol
    {
        services.AddSingleton<IProviderProtocol, T>();
        registry.AddTypes(types);
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
