using Gateway.Configuration;
using Gateway.Hosting.Authentication;
using Gateway.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Hosting;

/// <summary>
/// Registers and maps the admin console (<c>/console</c>). Its key check is the gateway's own (admin key or a client
/// key with its owner), handed over as a delegate so the console does not depend on Hosting. Nothing here touches
/// the API's request path: the console's services are built when its routes are mapped. <c>Gateway:Console:Enabled</c>
/// false registers nothing; <c>Gateway:Console:Port</c> moves it to a listener of its own.
/// </summary>
internal static class ConsoleHostingExtensions
{
    public static IServiceCollection AddGatewayConsole(this IServiceCollection services, ConsoleOptions options)
    {
        if (!options.Enabled)
        {
            return services;
        }

        if (options.Port > 0)
        {
            services.AddSingleton<ConsoleListener>();
            services.AddHostedService(sp => sp.GetRequiredService<ConsoleListener>());
        }

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
        services.AddSingleton(sp => new ConsoleSetup(sp.GetRequiredService<GatewayKeys>().AdminEnabled));
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

    /// <summary>
    /// Maps <c>/console</c> on the API listener when the console is on and has no port of its own; otherwise the API
    /// listener answers 404 there (and <see cref="ConsoleListener"/> serves it on its port).
    /// </summary>
    public static WebApplication MapGatewayConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>().Console;
        if (options.Enabled && options.Port == 0)
        {
            ConsoleRoutes.Map(app, app.Services);
        }

        return app;
    }
}
