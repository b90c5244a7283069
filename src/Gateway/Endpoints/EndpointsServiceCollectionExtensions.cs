using Gateway.Providers.Discovery;
using Gateway.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Endpoints;

/// <summary>Registers the surfaces: OpenAI's /v1, Anthropic's messages, Google's Gemini and the probes.</summary>
internal static class EndpointsServiceCollectionExtensions
{
    public static IServiceCollection AddEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<OpenAIProxyEndpoint>();
        services.AddSingleton<ProxyDispatch>();
        services.AddSingleton<MultipartProxyEndpoint>();
        services.AddSingleton<ResponsesEndpoint>();
        services.AddSingleton<MessagesEndpoint>();
        services.AddSingleton<GeminiEndpoint>();
        services.AddSingleton<GeminiModelsEndpoint>();
        services.AddSingleton(sp => new ModelsEndpoint(sp.GetRequiredService<RoutingTableSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ModelDiscovery>()));
        services.AddSingleton<KeyUsageEndpoint>();
        services.AddSingleton<HealthEndpoints>();
        return services;
    }
}
