using Gateway.Admin;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Hosting.Authentication;
using Gateway.ManagedProviders;
using Gateway.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>Maps the gateway's middleware and endpoints.</summary>
public static partial class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Request ids, the request outcome (span, access log, metrics, last-resort error, OpenAI-style errors for unknown
    /// routes: <see cref="RouteErrors"/>), drain, authentication, and every endpoint in a group whose policy says who may call it.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<GatewayGauges>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestOutcomeMiddleware>();
        app.UseRouting();
        app.Use(app.Services.GetRequiredService<DrainState>().InvokeAsync);
        app.UseMiddleware<HopLimitMiddleware>();
        app.UseMiddleware<GatewayAccessMiddleware>();

        // Each capability maps its own routes, each path prefix in one place.
        app.MapOpenAISurface();
        app.MapGeminiSurface();
        app.MapAdmin();
        // Owners' provider API: a client key, always required (without client keys configured nobody owns anything).
        app.MapGroup("/api/ai-providers").RequireGatewayAccess(GatewayAccess.Client).MapManagedProviders();
        app.MapGatewayConsole();
        app.MapHealthProbes();
        app.MapGatewayMetrics();
        LogStartup(app);
        return app;
    }

    private static void LogStartup(WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<Routing.RoutingTableSource>().Current.Catalog;
        var keys = app.Services.GetRequiredService<GatewayKeys>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway");
        if (catalog.Enabled.Count == 0)
        {
            Log.NoProviders(logger);
        }
        else
        {
            Log.Providers(logger, string.Join(", ", catalog.Enabled.Select(p => $"{p.Name} ({p.Options.Type}, {p.Options.Url.Host})")), app.Services.GetRequiredService<Configuration.GatewayOptions>().Rotation);
        }

        if (keys.ClientKeysRequired)
        {
            Log.ClientKeys(logger, keys.ClientKeyCount);
        }
        else
        {
            Log.OpenApi(logger);
        }

        var console = app.Services.GetRequiredService<Configuration.GatewayOptions>().Console;
        if (console.Enabled)
        {
            // The addresses are known once the server listens: name the console's URL then, and what signing in needs.
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var url = console.Port > 0 ? $"port {console.Port}, /console" : (app.Urls.FirstOrDefault() ?? "http://localhost") + "/console";
                if (keys.AdminEnabled)
                {
                    Log.ConsoleAdmin(logger, url);
                }
                else
                {
                    Log.ConsoleNoAdmin(logger, url);
                }
            });
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.NoProviders, Level = LogLevel.Warning, Message = "No AI providers are configured: every request will get 503 'No available AI providers'. Set AI_<NAME>_KEY (and _URL, _SMART, _FAST) or Gateway:Providers.")]
        public static partial void NoProviders(ILogger logger);

        [LoggerMessage(EventId = EventIds.ProvidersConfigured, Level = LogLevel.Information, Message = "Providers: {Providers}; rotation {Rotation}")]
        public static partial void Providers(ILogger logger, string providers, string rotation);

        [LoggerMessage(EventId = EventIds.ClientKeysConfigured, Level = LogLevel.Information, Message = "Client keys: {Count} configured; /v1 requires one of them")]
        public static partial void ClientKeys(ILogger logger, int count);

        [LoggerMessage(EventId = EventIds.NoClientKeys, Level = LogLevel.Warning, Message = "NO CLIENT KEYS ARE CONFIGURED: /v1 is open to anyone who can reach this port and spends your provider keys. Set Gateway:ClientKeys (or AI_CLIENT_KEYS) unless a trusted proxy in front authenticates callers.")]
        public static partial void OpenApi(ILogger logger);

        [LoggerMessage(EventId = EventIds.ConsoleWithAdmin, Level = LogLevel.Information, Message = "Console: {Url}; sign in with the admin key (Gateway:AdminKey or AI_ADMIN_KEY), or a client key with an owner for that owner's pages")]
        public static partial void ConsoleAdmin(ILogger logger, string url);

        [LoggerMessage(EventId = EventIds.ConsoleWithoutAdmin, Level = LogLevel.Information, Message = "Console: {Url}; no admin key is configured, so only client keys with an owner can sign in (set Gateway:AdminKey or AI_ADMIN_KEY, e.g. `openssl rand -hex 32`, for the admin pages)")]
        public static partial void ConsoleNoAdmin(ILogger logger, string url);
    }
}
