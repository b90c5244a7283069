using Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>Kestrel's limits for the gateway's listeners.</summary>
internal static class GatewayKestrelExtensions
{
    public static void AddGatewayKestrelLimits(this WebApplicationBuilder builder, GatewayOptions options)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            ApplyLimits(kestrel, options.Limits);

            // The gateway enforces MaxRequestBodyBytes itself (413 with an OpenAI body). Kestrel's own limit sits
            // above it so that, after the 413, Kestrel can drain a moderately oversized body and the client reads
            // the answer instead of a reset connection.
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBodyBytes * 2, options.MaxRequestBodyBytes + (1024 * 1024));
        });
    }

    /// <summary>The <c>Gateway:Limits</c> settings, on the API listener and on the metrics listener alike.</summary>
    public static void ApplyLimits(KestrelServerOptions kestrel, LimitsOptions limits)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;

        // An upgraded connection (WebSocket) is counted apart; the gateway has none, so it gets the same cap.
        kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConcurrentConnections;
        kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;

        // A pace rather than a whole-body deadline: a slow-loris body is cut after the grace period, while a large
        // body on a slow but steady link still gets through. Kestrel measures it only while the gateway reads.
        kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.RequestBodyGracePeriod)
            : null;
    }
}
