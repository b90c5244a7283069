using Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>Kestrel's limits for the gateway's listener.</summary>
internal static class GatewayKestrelExtensions
{
    public static void AddGatewayKestrelLimits(this WebApplicationBuilder builder, GatewayOptions options)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The gateway enforces MaxRequestBodyBytes itself (413 with an OpenAI body). Kestrel's own limit sits
            // above it so that, after the 413, Kestrel can drain a moderately oversized body and the client reads
            // the answer instead of a reset connection.
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBodyBytes * 2, options.MaxRequestBodyBytes + (1024 * 1024));
        });
    }
}
