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
        services.AddSingleton<DispatchPipeline>();
        // Operations with a format or state of their own: one hook each.
        services.AddSingleton<Operations.OperationHooks>();
        services.AddSingleton<Operations.IOperationHook, ResponsesHook>();
        services.AddSingleton<Operations.IOperationHook, MessagesHook>();
        services.AddSingleton<Operations.IOperationHook, CountTokensHook>();
        services.AddSingleton<Operations.IOperationHook, GeminiHook>();
        services.AddSingleton<Operations.IOperationHook, GeminiCountTokensHook>();
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
