using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: passed to an Anthropic provider, which counts exactly; when the model has none,
/// the endpoint answers from the gateway's tokenizer and says so in a header.
/// </summary>
internal sealed class CountTokensOperation : GatewayOperation
{
    private static readonly RequiredField Messages = new("messages", mustBeArray: true, holdsMessages: false);

    public static CountTokensOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.CountTokens;

    public override string Path => "/v1/messages/count_tokens";

    protected override RequiredField Required => Messages;

    public override (int Status, byte[] Body) PassBackError(int status, byte[] body) => MessagesOperation.Instance.PassBackError(status, body);

    public override void ForwardHeaders(IHeaderDictionary client, HttpRequestMessage upstream) => MessagesOperation.ForwardAnthropicHeaders(client, upstream);
}
