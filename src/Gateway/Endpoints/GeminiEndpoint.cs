using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Operations.Gemini;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Gateway.Providers;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// Google's Gemini API surface, <c>/v1beta/models/{model}:{method}</c>: <c>generateContent</c>,
/// <c>streamGenerateContent</c> (Server-Sent Events with <c>?alt=sse</c>, else one JSON array) and <c>countTokens</c>
/// (the gateway's estimate). Requests go through the common dispatch (tiers, failover, limits, usage, metrics), mapped
/// to chat completions for every provider by a <see cref="GeminiBridge"/> (<see cref="GeminiHook"/>); every error is Google's
/// (<see cref="GeminiErrorShape"/>). A model name may hold slashes (<c>oa/gpt-4o-mini</c>): the method is what follows
/// the last colon.
/// </summary>
internal sealed class GeminiEndpoint(GatewayOptions options, DispatchPipeline dispatch)
{
    /// <summary>Names the Gemini fields left out of the upstream request (Google's built-in tools).</summary>
    public const string OmittedHeader = "x-gateway-omitted";

    public Task GenerateAsync(HttpContext context, string model) => HandleAsync(context, model, stream: false);

    public Task StreamAsync(HttpContext context, string model) => HandleAsync(context, model, stream: true);

    public Task CountTokensAsync(HttpContext context, string model) => CountAsync(context, model);

    /// <summary><c>POST /v1beta/models/{**target}</c>: a model whose name has slashes, then <c>:method</c>.</summary>
    public Task PostAsync(HttpContext context, string target)
    {
        var colon = target.LastIndexOf(':');
        var (model, method) = colon > 0 ? (target[..colon], target[(colon + 1)..]) : (target, "");
        return method switch
        {
            "generateContent" => GenerateAsync(context, model),
            "streamGenerateContent" => StreamAsync(context, model),
            "countTokens" => CountTokensAsync(context, model),
            _ => OpenAIError.WriteAsync(context, 404, $"Method '{(method.Length <= 64 && ModelName.IsValid(method) ? method : "(invalid)")}' is not served: this gateway serves generateContent, streamGenerateContent and countTokens.", ErrorTypes.InvalidRequest, "unknown_url"),
        };
    }

    private async Task HandleAsync(HttpContext context, string model, bool stream)
    {
        var operation = stream && !IsSse(context.Request) ? GeminiOperation.JsonArray : GeminiOperation.Sse;
        var body = await ReadAsync(context, model).ConfigureAwait(false); // the pipeline disposes it
        if (body is null)
        {
            return;
        }

        if (operation.Framing == GeminiFraming.JsonArray)
        {
            // The chat stream upstream is SSE; the client's is one JSON array.
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == 200)
                {
                    context.Response.ContentType = "application/json; charset=UTF-8";
                }

                return Task.CompletedTask;
            });
        }

        // The body has no model and no stream flag (the path says both); its content parts are read by the operation's hook.
        await dispatch.DispatchAsync(context, body, new RequestEnvelope(Unescape(model), 0, 0, stream), operation).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>countTokens</c>: resolved like a generation (an unknown or forbidden model is refused the same way), then
    /// answered from the gateway's tokenizer (<see cref="GeminiCountTokensHook"/>).
    /// </summary>
    private async Task CountAsync(HttpContext context, string model)
    {
        var body = await ReadAsync(context, model).ConfigureAwait(false); // the pipeline disposes it
        if (body is null)
        {
            return;
        }

        await dispatch.DispatchAsync(context, body, new RequestEnvelope(Unescape(model), 0, 0, false), GeminiCountTokensOperation.Instance).ConfigureAwait(false);
    }

    /// <summary>The body, once, after the checks every method shares (JSON content type, size, UTF-8, a valid model name); null when refused.</summary>
    private async Task<Buffers.PooledBuffer?> ReadAsync(HttpContext context, string model)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media)
            || !(media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            await ResultWriter.WriteAsync(context, new Refusal(415, "unsupported_media_type", "Unsupported content type: send the request body as application/json.")).ConfigureAwait(false);
            return null;
        }

        if (!ModelName.IsValid(Unescape(model)))
        {
            await ResultWriter.WriteAsync(context, new Refusal(400, "invalid_model", "The model name in the path is not valid.")).ConfigureAwait(false);
            return null;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await ResultWriter.WriteAsync(context, DispatchPipeline.Unreadable(status, options.MaxRequestBodyBytes)).ConfigureAwait(false);
            return null;
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            body.Dispose();
            await ResultWriter.WriteAsync(context, new Refusal(400, "invalid_request", "The request body is not valid UTF-8.")).ConfigureAwait(false);
            return null;
        }

        return body;
    }

    private static bool IsSse(HttpRequest request) => string.Equals(request.Query["alt"].ToString(), "sse", StringComparison.OrdinalIgnoreCase);

    /// <summary>A model id with an escaped slash (<c>oa%2Fgpt-4o-mini</c>), the one escape the server leaves in a route value.</summary>
    private static string Unescape(string model) => model.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
