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
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>: validate, read the body once, resolve the
/// model to candidates that can serve the request and hand over to the forwarder. Every rejection is an
/// OpenAI-style error; what the access log needs goes into the request's <see cref="RequestRecord"/>.
/// </summary>
internal sealed class OpenAIProxyEndpoint(GatewayOptions options, ModelResolver resolver, RequestForwarder forwarder)
{
    public const string ProviderHeader = "X-Gateway-Provider";

    public Task ChatCompletionsAsync(HttpContext context) => HandleAsync(context, ChatCompletionsOperation.Instance);

    public Task EmbeddingsAsync(HttpContext context) => HandleAsync(context, EmbeddingsOperation.Instance);

    private async Task HandleAsync(HttpContext context, GatewayOperation operation)
    {
        if (!IsJson(context.Request.ContentType))
        {
            await OpenAIError.WriteAsync(context, 415, "Unsupported content type: send the request body as application/json.", ErrorTypes.InvalidRequest, "unsupported_media_type").ConfigureAwait(false);
            return;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await (status == 413
                ? OpenAIError.WriteAsync(context, 413, $"Request body too large: the limit is {options.MaxRequestBodyBytes} bytes.", ErrorTypes.InvalidRequest, "request_too_large")
                : OpenAIError.WriteAsync(context, status, "The request body could not be read.", ErrorTypes.InvalidRequest, "invalid_body")).ConfigureAwait(false);
            return;
        }

        using (body)
        {
            if (!operation.TryParse(body.Span, out var envelope, out var error))
            {
                await OpenAIError.WriteAsync(context, 400, error, ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
                return;
            }

            var record = context.Features.Get<RequestRecord>();
            if (record is not null)
            {
                record.Model = envelope.Model;
            }

            var pinned = context.Request.Headers[ProviderHeader].ToString();
            var table = resolver.Table.For(GatewayClaims.OwnerOf(context.User)); // one table (the caller's owner's view) for the whole resolution
            var resolution = table.Resolve(envelope.Model, pinned.Length > 0 ? pinned : null);
            if (resolution.Candidates is { } resolved)
            {
                resolution = table.Narrow(resolved, operation.Kind, envelope.Content);
            }

            if (resolution.Candidates is null)
            {
                if (resolution.Providers is { } providers)
                {
                    context.Response.Headers["x-gateway-provider"] = providers;
                }

                await OpenAIError.WriteAsync(context, resolution.Status, resolution.Message!, resolution.Status == 503 ? ErrorTypes.ServiceUnavailable : ErrorTypes.InvalidRequest, resolution.Code).ConfigureAwait(false);
                return;
            }

            // What served the request, its attempts and tokens reach the record through the attempts' outcomes.
            await forwarder.ForwardAsync(new GatewayRequest(context, body, envelope, operation, record), resolution.Candidates).ConfigureAwait(false);
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
