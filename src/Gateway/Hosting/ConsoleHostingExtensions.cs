using Gateway.Hosting.Authentication;
using Gateway.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Hosting;

/// <summary>
/// Registers and maps the admin console (<c>/console</c>). Its key check is the gateway's own (admin key or a client
/// key with its owner), handed over as a delegate so the console does not depend on Hosting. Nothing here touches
/// the API's request path: the console's services are built when its routes are mapped.
/// </summary>
internal static class ConsoleHostingExtensions
{
    public static IServiceCollection AddGatewayConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleKeyCheck>(sp =>
        {
            var keys = sp.GetRequiredService<GatewayKeys>();
            return presented => keys.Identify(presented, out var owner, out var keyId) switch
            {
                GatewayRole.Admin => new ConsoleIdentity(true, null, "admin"),
                GatewayRole.Client when owner is not null => new ConsoleIdentity(false, owner, keyId!),
                _ => null,
            };
        });
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ConsoleGuard>();
        services.AddSingleton<SignInPage>();
        services.AddSingleton<ProviderRows>();
        services.AddSingleton<ConsoleProviderTest>();
        services.AddSingleton<ProvidersPage>();
        services.AddSingleton<HealthPage>();
        services.AddSingleton<UsagePage>();
        services.AddSingleton<RoutingPage>();
        services.AddSingleton<KeysPage>();
        services.AddSingleton<OpenRouterReturns>();
        services.AddSingleton<OpenRouterConnectPage>();

        // The Keys page works on the managed client keys when the store holds them; without a store it says they are not available.
        services.TryAddSingleton<IConsoleKeys>(sp => sp.GetService<Accounts.Keys.ClientKeyManager>() is { } keys
            ? new ManagedConsoleKeys(keys)
            : new UnavailableConsoleKeys());
        return services;
    }

    public static WebApplication MapGatewayConsole(this WebApplication app)
    {
        ConsoleRoutes.Map(app);
        return app;
    }
}
