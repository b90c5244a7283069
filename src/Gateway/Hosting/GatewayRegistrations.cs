using Gateway.Configuration;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Selection;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// Every pluggable part: provider protocols (with the provider types they own, as data; Providers registers them, one
/// line each) and selection strategies (with their names; Selection registers them). The same lines feed DI and the
/// <see cref="GatewayRegistry"/> that configuration is validated against, so what can be configured is exactly what is registered.
/// </summary>
internal static class GatewayRegistrations
{
    /// <summary>The registry alone (for reading configuration outside the host, as tests do).</summary>
    public static GatewayRegistry Registry { get; } = Add(new ServiceCollection());

    public static GatewayRegistry Add(IServiceCollection services)
    {
        var registry = new GatewayRegistry();
        services.AddProviderProtocols(registry);
        services.AddSelectionStrategies(registry);
        services.AddSingleton(registry);
        return registry;
    }
}
