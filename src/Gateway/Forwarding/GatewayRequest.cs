using Gateway.Buffers;
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

    /// <summary>The provider whose response reached the client, once one did.</summary>
    public string? Provider { get; set; }

    /// <summary>The upstream model of that response.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>Tokens the upstream reported, when it did.</summary>
    public Usage.TokenUsage? Usage { get; set; }
}
