using Gateway.Buffers;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>, and the common path of every proxied operation:
/// validate, read the body once, resolve the model to candidates that can serve the request and hand over to the
/// forwarder. Every rejection is an error in the surface's shape; what the access log needs goes into the request's
/// <see cref="RequestRecord"/>.
/// </summary>
internal sealed class OpenAIProxyEndpoint(GatewayOptions options, ProxyDispatch dispatch)
{
    public const string ProviderHeader = "X-Gateway-Provider";

    public Task ChatCompletionsAsync(HttpContext context) => HandleAsync(context, ChatCompletionsOperation.Instance);

    public Task EmbeddingsAsync(HttpContext context) => HandleAsync(context, EmbeddingsOperation.Instance);

    public Task CompletionsAsync(HttpContext context) => HandleAsync(context, CompletionsOperation.Instance);

    public Task ModerationsAsync(HttpContext context) => HandleAsync(context, ModerationsOperation.Instance);

    public Task ImageGenerationsAsync(HttpContext context) => HandleAsync(context, ImageGenerationsOperation.Instance);

    public Task SpeechAsync(HttpContext context) => HandleAsync(context, SpeechOperation.Instance);

    /// <summary>
    /// What a surface with its own format does between resolution and forwarding: give the request a bridge, narrow its
    /// candidates, or answer itself. Returns the candidates to forward to, or null when it has answered.
    /// </summary>
    public delegate ValueTask<CandidateSet?> Preparation(GatewayRequest request, CandidateSet candidates);

    /// <summary>Validates, reads the body once, resolves the model to the candidates that can serve the request, and forwards.</summary>
    public async Task HandleAsync(HttpContext context, GatewayOperation operation, Preparation? prepare = null)
    {
        if (!IsJson(context.Request.ContentType))
        {
            await OpenAIError.WriteAsync(context, 415, "Unsupported content type: send the request body as application/json.", ErrorTypes.InvalidRequest, "unsupported_media_type").ConfigureAwait(false);
            return;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await ProxyDispatch.WriteUnreadableAsync(context, status, options.MaxRequestBodyBytes).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            if (!operation.TryParse(body.Span, out var envelope, out var error))
            {
                await OpenAIError.WriteAsync(context, 400, error, ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
                return;
            }

            await dispatch.ForwardAsync(context, body, envelope, operation, prepare: prepare).ConfigureAwait(false);
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
