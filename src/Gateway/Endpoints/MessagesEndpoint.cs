using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// The Anthropic-compatible surface: <c>POST /v1/messages</c> through the common proxy path (Anthropic providers get
/// the body as it came, the others a <see cref="MessagesBridge"/>), and <c>POST /v1/messages/count_tokens</c>, passed to
/// an Anthropic provider when the model has one, otherwise counted by the gateway's tokenizer and marked as an
/// estimate (<c>x-gateway-token-count: estimate</c>). Errors on both are Anthropic's (<see cref="AnthropicErrorShape"/>).
/// </summary>
internal sealed class MessagesEndpoint(OpenAIProxyEndpoint proxy, Accounts.AccountsOptions accounts)
{
    public const string EstimateHeader = "x-gateway-token-count";

    public Task CreateAsync(HttpContext context) => proxy.HandleAsync(context, MessagesOperation.Instance, Bridge);

    public Task CountTokensAsync(HttpContext context) => proxy.HandleAsync(context, CountTokensOperation.Instance, CountAsync);

    private ValueTask<CandidateSet?> CountAsync(GatewayRequest request, CandidateSet candidates) => CountAsync(request, candidates, accounts.MaxTokenizedChars);

    private static async ValueTask<CandidateSet?> Bridge(GatewayRequest request, CandidateSet candidates)
    {
        if (!await ReadableAsync(request).ConfigureAwait(false))
        {
            return null;
        }

        request.Bridge = new MessagesBridge(request.Body.Memory);
        if (MessagesSystemFold.Fold(request.Body.Span) is { } folded && MessagesOperation.Instance.TryParse(folded, out var envelope, out _))
        {
            request.NativeBody = new RewrittenBody(folded, envelope);
        }

        return candidates;
    }

    /// <summary>Too deep for the mappers, or a string that is no text: a 400 in Anthropic's shape, before any provider is tried.</summary>
    private static async ValueTask<bool> ReadableAsync(GatewayRequest request)
    {
        if (JsonText.Problem(request.Body.Span) is not { } problem)
        {
            return true;
        }

        await OpenAIError.WriteAsync(request.Context, 400, problem, ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
        return false;
    }

    private static async ValueTask<CandidateSet?> CountAsync(GatewayRequest request, CandidateSet candidates, long maxChars)
    {
        if (!await ReadableAsync(request).ConfigureAwait(false))
        {
            return null;
        }

        var natives = candidates.Candidates.ToArray().Where(c => c.Provider.Adapter.ServesNatively(UpstreamOperation.CountTokens)).ToArray();
        if (natives.Length > 0)
        {
            return natives.Length == candidates.Count ? candidates : new CandidateSet(candidates.Name + "|count-tokens", natives);
        }

        var context = request.Context;
        long tokens;
        try
        {
            // Bounded work: past the cap bytes count (an upper bound), and a client that leaves stops the count.
            tokens = MessagesTokenCounter.Count(request.Body.Span, new Usage.TokenWork(maxChars, context.RequestAborted));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is TranslationException or System.Text.Json.JsonException or InvalidOperationException)
        {
            await OpenAIError.WriteAsync(context, 400, e is TranslationException ? e.Message : "The request body is not a valid Messages request.", ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
            return null;
        }

        context.Response.Headers[EstimateHeader] = "estimate";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"input_tokens\":{tokens}}}", context.RequestAborted).ConfigureAwait(false);
        return null;
    }
}
