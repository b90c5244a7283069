using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// The Anthropic-compatible surface: <c>POST /v1/messages</c> (<see cref="MessagesHook"/>) and
/// <c>POST /v1/messages/count_tokens</c> (<see cref="CountTokensHook"/>) through the dispatch pipeline. Errors on both
/// are Anthropic's (the endpoints carry <see cref="AnthropicErrorShape"/>).
/// </summary>
internal sealed class MessagesEndpoint(OpenAIProxyEndpoint proxy)
{
    /// <summary>Says that a token count is the gateway's estimate, not a provider's.</summary>
    public const string EstimateHeader = "x-gateway-token-count";

    public Task CreateAsync(HttpContext context) => proxy.HandleAsync(context, MessagesOperation.Instance);

    public Task CountTokensAsync(HttpContext context) => proxy.HandleAsync(context, CountTokensOperation.Instance);
}
