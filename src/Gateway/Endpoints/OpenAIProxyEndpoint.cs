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
    /// <remarks>
    /// Not itself async when the body is already in Kestrel's buffer (the usual small JSON body): it returns the
    /// pipeline's task, so an open stream holds no state machine of this endpoint's.
    /// </remarks>
    public Task HandleAsync(HttpContext context, GatewayOperation operation)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return ResultWriter.WriteAsync(context, new Refusal(415, "unsupported_media_type", "Unsupported content type: send the request body as application/json."));
        }

        var reading = RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes);
        return reading.IsCompletedSuccessfully ? DispatchAsync(context, operation, reading.Result) : ReadThenDispatchAsync(context, operation, reading);
    }

    private async Task ReadThenDispatchAsync(HttpContext context, GatewayOperation operation, ValueTask<(PooledBuffer? Body, int Status)> reading) =>
        await DispatchAsync(context, operation, await reading.ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>The body read: refused when unreadable or invalid for its operation, else the pipeline's (which disposes it).</summary>
    private Task DispatchAsync(HttpContext context, GatewayOperation operation, (PooledBuffer? Body, int Status) read)
    {
        if (read.Body is not { } body)
        {
            return ResultWriter.WriteAsync(context, DispatchPipeline.Unreadable(read.Status, options.MaxRequestBodyBytes));
        }

        bool valid;
        RequestEnvelope envelope;
        string error;
        try
        {
            valid = operation.TryParse(body.Span, out envelope, out error);
        }
        catch
        {
            body.Dispose();
            throw;
        }

        if (!valid)
        {
            body.Dispose();
            return ResultWriter.WriteAsync(context, new Refusal(400, "invalid_request", error));
        }

        return dispatch.DispatchAsync(context, body, envelope, operation);
    }

    /// <summary>The common exact header skips the parse (and its allocation); anything else is parsed as before.</summary>
    private static bool IsJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
