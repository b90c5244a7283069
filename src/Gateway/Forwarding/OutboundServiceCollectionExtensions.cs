using Gateway.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Forwarding;

/// <summary>The upstream clients and the outbound rule (docs/security.md, "Outbound destinations").</summary>
internal static class OutboundServiceCollectionExtensions
{
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        // A test registers its own resolver first (names that resolve to 127.0.0.1 while the rule forbids loopback).
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.AddSingleton<DestinationPolicy>();
        services.AddSingleton<OutboundConnector>();
        services.AddSingleton<ProviderUrlCheck>();

        // The open pool: configured providers, those the admin allowed private networks, OpenRouter's key exchange.
        services.AddSingleton(_ => UpstreamHttpClientFactory.Create());
        services.AddSingleton(sp => new UpstreamClients(
            sp.GetRequiredService<HttpMessageInvoker>(),
            UpstreamHttpClientFactory.Create(sp.GetRequiredService<OutboundConnector>().ConnectAsync)));
        return services;
    }
}
