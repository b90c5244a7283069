using System.Net.Http;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// The upstream connection pool, built by YARP's forwarder client factory (no proxy, no redirects, no cookies,
/// no decompression) with the gateway's connection lifetimes on top, and trace context cut down to <c>traceparent</c>
/// (<see cref="TraceParentPropagator"/>): YARP's default propagates the client's baggage to the provider.
/// </summary>
internal sealed class UpstreamHttpClientFactory(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null) : ForwarderHttpClientFactory
{
    /// <summary>A client; with <paramref name="connect"/>, every connection is opened by it (the outbound rule's check).</summary>
    public static HttpMessageInvoker Create(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null) =>
        new UpstreamHttpClientFactory(connect).CreateClient(new ForwarderHttpClientContext { NewConfig = HttpClientConfig.Empty });

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = TimeSpan.FromSeconds(10);

        // Re-resolve provider DNS now and then; keep idle keep-alive connections warm for a while.
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);
        handler.EnableMultipleHttp2Connections = true;

        // Replaces YARP's ReverseProxyPropagator(DistributedContextPropagator.Current), which injects tracestate and baggage.
        handler.ActivityHeadersPropagator = TraceParentPropagator.Instance;
        if (connect is not null)
        {
            handler.ConnectCallback = connect;
        }
    }
}
