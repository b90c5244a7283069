using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>One client request as the forwarder sees it: the buffered body, what routing read from it, where it came from.</summary>
internal sealed class GatewayRequest(HttpContext context, PooledBuffer body, RequestEnvelope envelope, UpstreamOperation operation)
{
    public HttpContext Context => context;

    public PooledBuffer Body => body;

    public RequestEnvelope Envelope => envelope;

    public UpstreamOperation Operation => operation;

    public bool Stream => envelope.Stream && operation == UpstreamOperation.ChatCompletions;
}
