using Gateway.Admin;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Hosting.Authentication;
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
    /// <summary>
    /// Request ids, the request outcome (span, access log, metrics, last-resort error), drain, OpenAI-style errors for
    /// unknown routes, authentication, and every endpoint in a group whose policy says who may call it.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<GatewayGauges>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestOutcomeMiddleware>();
        app.UseRouting();
        app.Use(app.Services.GetRequiredService<DrainState>().InvokeAsync);
        app.UseStatusCodePages(WriteRouteErrorAsync);
        app.UseMiddleware<HopLimitMiddleware>();
        app.UseMiddleware<GatewayAccessMiddleware>();

        var proxy = app.Services.GetRequiredService<OpenAIProxyEndpoint>();
        var models = app.Services.GetRequiredService<ModelsEndpoint>();
        // Always the policy: whether a key is required is decided per request (a managed key created later closes /v1).
        var v1 = app.MapGroup("/v1").WithMetadata(RefusedWhileDraining.Instance).RequireGatewayAccess(GatewayAccess.V1);

        v1.MapPost(InV1(Operations.ChatCompletionsOperation.Instance), proxy.ChatCompletionsAsync);
        v1.MapPost(InV1(Operations.EmbeddingsOperation.Instance), proxy.EmbeddingsAsync);
        var responses = app.Services.GetRequiredService<ResponsesEndpoint>();
        v1.MapPost(InV1(Operations.ResponsesOperation.Instance), responses.CreateAsync);
        v1.MapGet("/responses/{id}", responses.RetrieveAsync);
        v1.MapDelete("/responses/{id}", responses.DeleteAsync);
        var messages = app.Services.GetRequiredService<MessagesEndpoint>();
        v1.MapPost(InV1(Operations.MessagesOperation.Instance), messages.CreateAsync).WithMetadata(Operations.Messages.AnthropicErrorShape.Instance);
        v1.MapPost(InV1(Operations.CountTokensOperation.Instance), messages.CountTokensAsync).WithMetadata(Operations.Messages.AnthropicErrorShape.Instance);
        v1.MapPost(InV1(Operations.CompletionsOperation.Instance), proxy.CompletionsAsync);
        v1.MapPost(InV1(Operations.ModerationsOperation.Instance), proxy.ModerationsAsync);
        v1.MapPost(InV1(Operations.ImageGenerationsOperation.Instance), proxy.ImageGenerationsAsync);
        v1.MapPost(InV1(Operations.SpeechOperation.Instance), proxy.SpeechAsync);
        var forms = app.Services.GetRequiredService<MultipartProxyEndpoint>();
        v1.MapPost(InV1(Operations.TranscriptionsOperation.Instance), forms.TranscriptionsAsync);
        v1.MapPost(InV1(Operations.TranslationsOperation.Instance), forms.TranslationsAsync);
        v1.MapGet("/usage", app.Services.GetRequiredService<KeyUsageEndpoint>().GetAsync);
        // Google's clients call /v1/models too (the Gen AI SDK's default API version): their key, their shape.
        var gemini = app.Services.GetRequiredService<GeminiEndpoint>();
        var geminiModels = app.Services.GetRequiredService<GeminiModelsEndpoint>();
        v1.MapGet("/models", (HttpContext c) => GeminiModelsEndpoint.Asked(c) ? geminiModels.ListAsync(c) : models.ListAsync(c)).WithMetadata(GatewayAccess.Gemini);
        v1.MapGet("/models/{**id}", (HttpContext c, string id) => GeminiModelsEndpoint.Asked(c) ? geminiModels.RetrieveAsync(c, id) : models.RetrieveAsync(c, id)).WithMetadata(GatewayAccess.Gemini);
        MapGeminiMethods(v1, gemini).WithMetadata(Operations.Gemini.GeminiErrorShape.Instance, GatewayAccess.Gemini);

        // Google's Gemini API: the /v1 rule, keys also in x-goog-api-key or ?key=, every error in Google's shape.
        var v1beta = app.MapGroup("/v1beta").WithMetadata(RefusedWhileDraining.Instance, Operations.Gemini.GeminiErrorShape.Instance).RequireGatewayAccess(GatewayAccess.Gemini);
        MapGeminiMethods(v1beta, gemini);
        v1beta.MapGet("/models", geminiModels.ListAsync);
        v1beta.MapFallback("{**path}", (HttpContext c) => Contracts.OpenAIError.WriteAsync(c, 404, $"Unknown request URL: {c.Request.Method} {Telemetry.LogText.Safe(c.Request.Path.Value, 200)}.", ErrorTypes.InvalidRequest, "unknown_url"));
        v1beta.MapGet("/models/{**model}", geminiModels.RetrieveAsync);

        var admin = app.MapGroup("/admin").RequireGatewayAccess(GatewayAccess.Admin);
        admin.MapGet("/health", app.Services.GetRequiredService<AdminHealthEndpoint>().GetAsync);
        admin.MapGet("/routing", app.Services.GetRequiredService<AdminRoutingEndpoint>().GetAsync);
        admin.MapGet("/usage", app.Services.GetRequiredService<AdminUsageEndpoint>().GetAsync);
        var ownerLimits = app.Services.GetRequiredService<AdminOwnerLimitsEndpoint>();
        admin.MapGet("/owners/{owner}/limits", ownerLimits.GetAsync);
        admin.MapPut("/owners/{owner}/limits", ownerLimits.PutAsync);
        admin.MapGet("/providers/{name}/test", app.Services.GetRequiredService<AdminProviderTestEndpoint>().TestAsync);
        app.MapManagedProviders();
        app.MapGatewayConsole();
        app.MapClientKeys();

        var health = app.Services.GetRequiredService<HealthEndpoints>();
        app.MapGet("/healthz", HealthEndpoints.LiveAsync).WithMetadata(Unmeasured.Instance);
        app.MapGet("/readyz", health.ReadyAsync).WithMetadata(Unmeasured.Instance);
        app.MapGatewayMetrics();
        LogStartup(app);
        return app;
    }

    /// <summary>Gemini's methods on a model, under <paramref name="group"/>; a model name with slashes reaches the catch-all.</summary>
    private static RouteGroupBuilder MapGeminiMethods(RouteGroupBuilder group, GeminiEndpoint gemini)
    {
        var methods = group.MapGroup("/models");
        methods.MapPost("/{model}:generateContent", gemini.GenerateAsync);
        methods.MapPost("/{model}:streamGenerateContent", gemini.StreamAsync);
        methods.MapPost("/{model}:countTokens", gemini.CountTokensAsync);
        methods.MapPost("/{**target}", gemini.PostAsync);
        return methods;
    }

    /// <summary>An operation's path (it owns it) relative to the <c>/v1</c> group.</summary>
    private static string InV1(Operations.GatewayOperation operation) =>
        operation.Path.StartsWith("/v1/", StringComparison.Ordinal) ? operation.Path[3..] : throw new InvalidOperationException($"{operation.Path} is not under /v1");

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

    private static Task WriteRouteErrorAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var path = Telemetry.LogText.Safe(context.Request.Path.Value, 200);
        return context.Response.StatusCode switch
        {
            404 => OpenAIError.WriteAsync(context, 404, $"Unknown request URL: {context.Request.Method} {path}.", ErrorTypes.InvalidRequest, "unknown_url"),
            405 => OpenAIError.WriteAsync(context, 405, $"Method {context.Request.Method} is not allowed on {path}.", ErrorTypes.InvalidRequest, "method_not_allowed"),
            _ => OpenAIError.WriteAsync(context, context.Response.StatusCode, "The request could not be served.", ErrorTypes.InvalidRequest, null),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No AI providers are configured: every request will get 503 'No available AI providers'. Set AI_<NAME>_KEY (and _URL, _SMART, _FAST) or Gateway:Providers.")]
        public static partial void NoProviders(ILogger logger);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Providers: {Providers}; rotation {Rotation}")]
        public static partial void Providers(ILogger logger, string providers, string rotation);

        [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Client keys: {Count} configured; /v1 requires one of them")]
        public static partial void ClientKeys(ILogger logger, int count);

        [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "NO CLIENT KEYS ARE CONFIGURED: /v1 is open to anyone who can reach this port and spends your provider keys. Set Gateway:ClientKeys (or AI_CLIENT_KEYS) unless a trusted proxy in front authenticates callers.")]
        public static partial void OpenApi(ILogger logger);

        [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Console: {Url}; sign in with the admin key (Gateway:AdminKey or AI_ADMIN_KEY), or a client key with an owner for that owner's pages")]
        public static partial void ConsoleAdmin(ILogger logger, string url);

        [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Console: {Url}; no admin key is configured, so only client keys with an owner can sign in (set Gateway:AdminKey or AI_ADMIN_KEY, e.g. `openssl rand -hex 32`, for the admin pages)")]
        public static partial void ConsoleNoAdmin(ILogger logger, string url);
    }
}
