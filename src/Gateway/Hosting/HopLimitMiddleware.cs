using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Hosting.Authentication;
using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting;

/// <summary>
/// Refuses with 508, in the surface's own error shape, a request that has already passed through this gateway
/// <c>Gateway:Outbound:MaxHops</c> times (its <see cref="HopMarker"/>): a loop through a provider that points back at
/// the gateway ends here, before a key is checked or a body read. Only on the API's surfaces (endpoints with an access
/// rule); health probes and metrics are never refused.
/// </summary>
internal sealed class HopLimitMiddleware(RequestDelegate next, HopMarker hops)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Headers.TryGetValue(HopMarker.Header, out var header)
            || context.GetEndpoint()?.Metadata.GetMetadata<GatewayAccess>() is null
            || hops.PassesIn(header) < hops.MaxHops)
        {
            return next(context);
        }

        return OpenAIError.WriteAsync(context, 508,
            "Loop detected: this request has already passed through this gateway (x-gateway-hops); a provider's base URL points back at the gateway.",
            ErrorTypes.InvalidRequest, "loop_detected");
    }
}
