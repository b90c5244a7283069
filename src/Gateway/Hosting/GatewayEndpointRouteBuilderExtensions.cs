using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>Maps the gateway's middleware and endpoints.</summary>
public static partial class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>Request ids, client keys, OpenAI-style errors for unknown routes, and every endpoint.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        var drain = app.Services.GetRequiredService<DrainState>();
        app.Use(drain.InvokeAsync);
        app.UseStatusCodePages(WriteRouteErrorAsync);
        app.UseMiddleware<ClientKeyMiddleware>();

        var proxy = app.Services.GetRequiredService<OpenAIProxyEndpoint>();
        var models = app.Services.GetRequiredService<ModelsEndpoint>();
        var health = app.Services.GetRequiredService<HealthEndpoints>();
        app.MapPost("/v1/chat/completions", proxy.ChatCompletionsAsync);
        app.MapPost("/v1/embeddings", proxy.EmbeddingsAsync);
        app.MapGet("/v1/models", models.ListAsync);
        app.MapGet("/healthz", HealthEndpoints.LiveAsync);
        app.MapGet("/readyz", health.ReadyAsync);
        app.MapGet("/admin/health", app.Services.GetRequiredService<Admin.AdminHealthEndpoint>().GetAsync);
        app.MapGet("/admin/usage", app.Services.GetRequiredService<Admin.AdminUsageEndpoint>().GetAsync);
        app.MapGet("/admin/providers/{name}/test", app.Services.GetRequiredService<Admin.AdminProviderTestEndpoint>().TestAsync);
        app.MapGatewayMetrics();

        var catalog = app.Services.GetRequiredService<ProviderCatalog>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway");
        if (catalog.Enabled.Count == 0)
        {
            Log.NoProviders(logger);
        }
        else
        {
            Log.Providers(logger, string.Join(", ", catalog.Enabled.Select(p => $"{p.Name} ({p.Options.Type}, {p.Options.Url.Host})")), app.Services.GetRequiredService<Configuration.GatewayOptions>().Rotation);
        }

        return app;
    }

    private static Task WriteRouteErrorAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        return context.Response.StatusCode switch
        {
            404 => OpenAIError.WriteAsync(context, 404, $"Unknown request URL: {context.Request.Method} {context.Request.Path}.", ErrorTypes.InvalidRequest, "unknown_url"),
            405 => OpenAIError.WriteAsync(context, 405, $"Method {context.Request.Method} is not allowed on {context.Request.Path}.", ErrorTypes.InvalidRequest, "method_not_allowed"),
            _ => OpenAIError.WriteAsync(context, context.Response.StatusCode, "The request could not be served.", ErrorTypes.InvalidRequest, null),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No AI providers are configured: every request will get 503 'No available AI providers'. Set AI_<NAME>_KEY (and _URL, _SMART, _FAST) or Gateway:Providers.")]
        public static partial void NoProviders(ILogger logger);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Providers: {Providers}; rotation {Rotation}")]
        public static partial void Providers(ILogger logger, string providers, string rotation);
    }
}
