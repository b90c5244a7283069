using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/embeddings</c>: validate, read the body once, resolve the
/// model to candidates and hand over to the forwarder. Every rejection is an OpenAI-style error.
/// </summary>
internal sealed class OpenAIProxyEndpoint(GatewayOptions options, ModelResolver resolver, UpstreamForwarder forwarder, GatewayMetrics metrics, TimeProvider time, ILoggerFactory loggers)
{
    public const string ProviderHeader = "X-Gateway-Provider";

    private readonly ILogger _requests = loggers.CreateLogger(RequestLog.Category);

    public Task ChatCompletionsAsync(HttpContext context) => MeasureAsync(context, "/v1/chat/completions", RequestShape.Chat, UpstreamOperation.ChatCompletions);

    public Task EmbeddingsAsync(HttpContext context) => MeasureAsync(context, "/v1/embeddings", RequestShape.Embeddings, UpstreamOperation.Embeddings);

    /// <summary>Runs the request inside its span, then records its duration and status and logs its line.</summary>
    private async Task MeasureAsync(HttpContext context, string route, RequestShape shape, UpstreamOperation operation)
    {
        var started = time.GetTimestamp();
        using var activity = GatewayActivitySource.Source.StartActivity("gateway.request", System.Diagnostics.ActivityKind.Internal);
        activity?.SetTag("http.route", route);
        GatewayRequest? request = null;
        try
        {
            request = await HandleAsync(context, shape, operation).ConfigureAwait(false);
        }
        finally
        {
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            var elapsed = time.GetElapsedTime(started);
            var tags = GatewayMetrics.Tags("route", route, "status", StatusLabel(status));
            metrics.Requests.Add(1, tags);
            metrics.RequestDuration.Record(elapsed.TotalSeconds, tags);
            activity?.SetTag("http.response.status_code", status);
            activity?.SetTag("gateway.provider", request?.Provider);
            if (_requests.IsEnabled(LogLevel.Information))
            {
                RequestLog.Completed(_requests, context.TraceIdentifier, route, status, request?.Provider, request?.UpstreamModel ?? request?.Envelope.Model,
                    request?.Attempts ?? 0, elapsed.TotalMilliseconds, request?.Usage?.PromptTokens, request?.Usage?.CompletionTokens);
            }
        }
    }

    private static string StatusLabel(int status) => status switch
    {
        200 => "200", 400 => "400", 401 => "401", 404 => "404", 413 => "413", 415 => "415", 429 => "429", 499 => "499", 502 => "502", 503 => "503",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<GatewayRequest?> HandleAsync(HttpContext context, RequestShape shape, UpstreamOperation operation)
    {
        if (!IsJson(context.Request.ContentType))
        {
            await OpenAIError.WriteAsync(context, 415, "Unsupported content type: send the request body as application/json.", ErrorTypes.InvalidRequest, "unsupported_media_type").ConfigureAwait(false);
            return null;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await (status == 413
                ? OpenAIError.WriteAsync(context, 413, $"Request body too large: the limit is {options.MaxRequestBodyBytes} bytes.", ErrorTypes.InvalidRequest, "request_too_large")
                : OpenAIError.WriteAsync(context, status, "The request body could not be read.", ErrorTypes.InvalidRequest, "invalid_body")).ConfigureAwait(false);
            return null;
        }

        using (body)
        {
            if (!RequestEnvelope.TryParse(body.Span, shape, out var envelope, out var error))
            {
                await OpenAIError.WriteAsync(context, 400, error, ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
                return null;
            }

            var pinned = context.Request.Headers[ProviderHeader].ToString();
            var resolution = resolver.Resolve(envelope.Model, pinned.Length > 0 ? pinned : null);
            if (resolution.Candidates is null)
            {
                await OpenAIError.WriteAsync(context, resolution.Status, resolution.Message!, resolution.Status == 503 ? ErrorTypes.ServiceUnavailable : ErrorTypes.InvalidRequest, resolution.Code).ConfigureAwait(false);
                return null;
            }

            var request = new GatewayRequest(context, body, envelope, operation);
            await forwarder.ForwardAsync(request, resolution.Candidates).ConfigureAwait(false);
            return request;
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
