using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Operations.Gemini;
using Gateway.Operations.Messages;
using Gateway.Protocols.Gemini;
using Gateway.Protocols.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Endpoints;

/// <summary>
/// Maps the surfaces, each path once, in a group whose metadata says who may call it (enforced by Hosting's access
/// middleware) and whether a draining gateway refuses it.
/// </summary>
internal static class EndpointsRouteBuilderExtensions
{
    /// <summary>OpenAI's <c>/v1</c>, with Anthropic's messages and Google's clients' <c>/v1/models</c> under it.</summary>
    public static IEndpointRouteBuilder MapOpenAISurface(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var proxy = services.GetRequiredService<OpenAIProxyEndpoint>();
        var models = services.GetRequiredService<ModelsEndpoint>();
        // Always the policy: whether a key is required is decided per request (a managed key created later closes /v1).
        var v1 = app.MapGroup("/v1").WithMetadata(RefusedWhileDraining.Instance).RequireGatewayAccess(GatewayAccess.V1);

        v1.MapPost(InV1(ChatCompletionsOperation.Instance), proxy.ChatCompletionsAsync);
        v1.MapPost(InV1(EmbeddingsOperation.Instance), proxy.EmbeddingsAsync);
        var responses = services.GetRequiredService<ResponsesEndpoint>();
        v1.MapPost(InV1(ResponsesOperation.Instance), responses.CreateAsync);
        v1.MapGet("/responses/{id}", responses.RetrieveAsync);
        v1.MapDelete("/responses/{id}", responses.DeleteAsync);
        var messages = services.GetRequiredService<MessagesEndpoint>();
        v1.MapPost(InV1(MessagesOperation.Instance), messages.CreateAsync).WithMetadata(AnthropicErrorShape.Instance);
        v1.MapPost(InV1(CountTokensOperation.Instance), messages.CountTokensAsync).WithMetadata(AnthropicErrorShape.Instance);
        v1.MapPost(InV1(CompletionsOperation.Instance), proxy.CompletionsAsync);
        v1.MapPost(InV1(ModerationsOperation.Instance), proxy.ModerationsAsync);
        v1.MapPost(InV1(ImageGenerationsOperation.Instance), proxy.ImageGenerationsAsync);
        v1.MapPost(InV1(SpeechOperation.Instance), proxy.SpeechAsync);
        var forms = services.GetRequiredService<MultipartProxyEndpoint>();
        v1.MapPost(InV1(TranscriptionsOperation.Instance), forms.TranscriptionsAsync);
        v1.MapPost(InV1(TranslationsOperation.Instance), forms.TranslationsAsync);
        v1.MapGet("/usage", services.GetRequiredService<KeyUsageEndpoint>().GetAsync);
        // Google's clients call /v1/models too (the Gen AI SDK's default API version): their key, their shape.
        var gemini = services.GetRequiredService<GeminiEndpoint>();
        var geminiModels = services.GetRequiredService<GeminiModelsEndpoint>();
        v1.MapGet("/models", (HttpContext c) => GeminiModelsEndpoint.Asked(c) ? geminiModels.ListAsync(c) : models.ListAsync(c)).WithMetadata(GatewayAccess.Gemini);
        v1.MapGet("/models/{**id}", (HttpContext c, string id) => GeminiModelsEndpoint.Asked(c) ? geminiModels.RetrieveAsync(c, id) : models.RetrieveAsync(c, id)).WithMetadata(GatewayAccess.Gemini);
        MapGeminiMethods(v1, gemini).WithMetadata(GeminiErrorShape.Instance, GatewayAccess.Gemini);
        return app;
    }

    /// <summary>Google's Gemini API (<c>/v1beta</c>): the <c>/v1</c> rule, keys also in x-goog-api-key or ?key=, every error in Google's shape.</summary>
    public static IEndpointRouteBuilder MapGeminiSurface(this IEndpointRouteBuilder app)
    {
        var gemini = app.ServiceProvider.GetRequiredService<GeminiEndpoint>();
        var geminiModels = app.ServiceProvider.GetRequiredService<GeminiModelsEndpoint>();
        var v1beta = app.MapGroup("/v1beta").WithMetadata(RefusedWhileDraining.Instance, GeminiErrorShape.Instance).RequireGatewayAccess(GatewayAccess.Gemini);
        MapGeminiMethods(v1beta, gemini);
        v1beta.MapGet("/models", geminiModels.ListAsync);
        v1beta.MapFallback("{**path}", (HttpContext c) => OpenAIError.WriteAsync(c, 404, $"Unknown request URL: {c.Request.Method} {Telemetry.LogText.Safe(c.Request.Path.Value, 200)}.", ErrorTypes.InvalidRequest, "unknown_url"));
        v1beta.MapGet("/models/{**model}", geminiModels.RetrieveAsync);
        return app;
    }

    /// <summary>Liveness and readiness: public, no access-log line, no request metrics.</summary>
    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder app)
    {
        var health = app.ServiceProvider.GetRequiredService<HealthEndpoints>();
        app.MapGet("/healthz", HealthEndpoints.LiveAsync).WithMetadata(Unmeasured.Instance);
        app.MapGet("/readyz", health.ReadyAsync).WithMetadata(Unmeasured.Instance);
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
    private static string InV1(GatewayOperation operation) =>
        operation.Path.StartsWith("/v1/", StringComparison.Ordinal) ? operation.Path[3..] : throw new InvalidOperationException($"{operation.Path} is not under /v1");
}
