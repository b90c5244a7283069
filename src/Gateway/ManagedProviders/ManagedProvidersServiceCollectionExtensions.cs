using Gateway.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.ManagedProviders;

/// <summary>
/// Registers managed providers: the routing source (loaded before the first routing table is built, so a restart
/// serves its managed providers at once), the operations behind the provider APIs, OpenRouter connect, and the APIs'
/// endpoints. Where they are kept (<see cref="IManagedProviderStore"/>, <see cref="IOAuthStateStore"/>,
/// <see cref="IProviderSecrets"/>) is registered by the store.
/// </summary>
internal static class ManagedProvidersServiceCollectionExtensions
{
    public static IServiceCollection AddManagedProviders(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            // A wrong encryption key stops start-up here; a store that did not answer at start-up is loaded later.
            var source = ActivatorUtilities.CreateInstance<ManagedProviderSource>(sp);
            source.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            return source;
        });
        services.AddSingleton<IProviderSource>(sp => sp.GetRequiredService<ManagedProviderSource>());
        services.AddSingleton<ProviderManager>();
        services.AddSingleton<OpenRouterKeyClient>();
        services.AddSingleton<AiProvidersEndpoint>();
        services.AddSingleton<OpenRouterConnectEndpoint>();
        services.AddSingleton<AdminProvidersEndpoint>();
        return services;
    }
}
