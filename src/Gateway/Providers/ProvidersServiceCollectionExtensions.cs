using Gateway.Configuration;
using Gateway.Providers.Anthropic;
using Gateway.Providers.AzureOpenAI;
using Gateway.Providers.Discovery;
using Gateway.Providers.OpenAICompatible;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Providers;

/// <summary>Registers the provider protocols (one line each, with the provider types they own, as data) and the configured providers.</summary>
internal static class ProvidersServiceCollectionExtensions
{
    /// <summary>Every protocol, in DI and in the registry that configuration is validated against.</summary>
    public static void AddProviderProtocols(this IServiceCollection services, GatewayRegistry registry)
    {
        Protocol<OpenAICompatibleProtocol>(services, registry, OpenAICompatibleProtocol.Types);
        Protocol<AzureOpenAIProtocol>(services, registry, AzureOpenAIProtocol.Types);
        Protocol<AnthropicProtocol>(services, registry, AnthropicProtocol.Types);
    }

    /// <summary>The providers from configuration, the provider test and, when it is on, model discovery.</summary>
    public static IServiceCollection AddProviders(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton<IProviderSource, ConfigurationProviderSource>();
        services.AddSingleton<ProviderProbe>();
        if (options.ModelDiscovery.Enabled)
        {
            services.AddSingleton<ModelDiscovery>();
            services.AddHostedService(sp => sp.GetRequiredService<ModelDiscovery>());
        }

        return services;
    }

    private static void Protocol<T>(IServiceCollection services, GatewayRegistry registry, IReadOnlyList<ProviderTypeInfo> types)
        where T : class, IProviderProtocol
    {
        services.AddSingleton<IProviderProtocol, T>();
        registry.AddTypes(types);
    }
}
