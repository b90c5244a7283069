using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Operations;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> and <c>POST /v1/audio/translations</c>: <c>multipart/form-data</c> bodies. The
/// body is read once under the body cap (<see cref="RequestBodyReader"/>), its structure and <c>model</c> field checked
/// in place (<see cref="MultipartEnvelope"/>), and forwarded as slices of that buffer with only the model's value
/// rewritten for tiers and aliases, exactly as JSON bodies are. Every rejection is an OpenAI-style 4xx.
/// </summary>
internal sealed class MultipartProxyEndpoint(GatewayOptions options, DispatchPipeline dispatch)
{
    public Task TranscriptionsAsync(HttpContext context) => HandleAsync(context, TranscriptionsOperation.Instance);

    public Task TranslationsAsync(HttpContext context) => HandleAsync(context, TranslationsOperation.Instance);

    private async Task HandleAsync(HttpContext context, FormOperation operation)
    {
        if (!MultipartBoundary.TryRead(context.Request.ContentType, out var boundary, out var status, out var problem))
        {
            await ResultWriter.WriteAsync(context, new Refusal(status, status == 415 ? "unsupported_media_type" : "invalid_request", problem)).ConfigureAwait(false);
            return;
        }

        var (body, read) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await ResultWriter.WriteAsync(context, DispatchPipeline.Unreadable(read, options.MaxRequestBodyBytes)).ConfigureAwait(false);
            return;
        }

        if (!MultipartEnvelope.TryParse(body.Span, boundary, operation.RequiredPart, out var form, out var error))
        {
            body.Dispose();
            await ResultWriter.WriteAsync(context, new Refusal(400, "invalid_request", error)).ConfigureAwait(false);
            return;
        }

        // The pipeline owns the body from here.
        var envelope = new RequestEnvelope(form.Model, form.ModelStart, form.ModelLength, Stream: false, Content: operation.Content);
        await dispatch.DispatchAsync(context, body, envelope, operation, MultipartBoundary.ContentType(boundary)).ConfigureAwait(false);
    }
}
