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
/// The endpoint of every operation with a JSON body (<c>/v1/chat/completions</c>, <c>/v1/embeddings</c>, ... and, for
/// their surfaces, <c>/v1/responses</c> and <c>/v1/messages</c>): checks the content type, reads the body once under
/// the cap, lets the operation validate it, and hands it to the <see cref="DispatchPipeline"/>. Every rejection is a
/// <see cref="Refusal"/> written in the surface's shape.
/// </summary>
internal sealed class OpenAIProxyEndpoint(GatewayOptions options, DispatchPipeline dispatch)
{
    /// <inheritdoc cref="DispatchPipeline.ProviderHeader"/>
    public const string ProviderHeader = DispatchPipeline.ProviderHeader;

    public Task ChatCompletionsAsync(HttpContext context) => HandleAsync(context, ChatCompletionsOperation.Instance);

    public Task EmbeddingsAsync(HttpContext context) => HandleAsync(context, EmbeddingsOperation.Instance);

    public Task CompletionsAsync(HttpContext context) => HandleAsync(context, CompletionsOperation.Instance);

    public Task ModerationsAsync(HttpContext context) => HandleAsync(context, ModerationsOperation.Instance);

    public Task ImageGenerationsAsync(HttpContext context) => HandleAsync(context, ImageGenerationsOperation.Instance);

    public Task SpeechAsync(HttpContext context) => HandleAsync(context, SpeechOperation.Instance);

    /// <summary>Checks the content type, reads the body once, validates it by its operation and dispatches it.</summary>
    public async Task HandleAsync(HttpContext context, GatewayOperation operation)
    {
        if (!IsJson(context.Request.ContentType))
        {
            await ResultWriter.WriteAsync(context, new Refusal(415, "unsupported_media_type", "Unsupported content type: send the request body as application/json.")).ConfigureAwait(false);
            return;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await ResultWriter.WriteAsync(context, DispatchPipeline.Unreadable(status, options.MaxRequestBodyBytes)).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            if (!operation.TryParse(body.Span, out var envelope, out var error))
            {
                await ResultWriter.WriteAsync(context, new Refusal(400, "invalid_request", error)).ConfigureAwait(false);
                return;
            }

            await dispatch.DispatchAsync(context, body, envelope, operation).ConfigureAwait(false);
        }
    }

    /// <summary>The common exact header skips the parse (and its allocation); anything else is parsed as before.</summary>
    private static bool IsJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
