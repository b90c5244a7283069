using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Telemetry;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition of the gateway's instruments, with its gauges (see Hosting/GatewayGauges) observed at scrape time.</summary>
internal sealed class MetricsEndpoint
{
    private readonly PrometheusCollector _collector;
    private readonly MetricsAccess _access;

    public MetricsEndpoint(PrometheusCollector collector, GatewayOptions options)
    {
        _collector = collector;
        _access = new MetricsAccess(options.Metrics);
    }

    /// <summary>Whether a scrape needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public bool TokenRequired => _access.TokenRequired;

    public async Task GetAsync(HttpContext context)
    {
        if (!_access.Allows(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
            await OpenAIError.WriteAsync(context, 401, "Scraping /metrics needs 'Authorization: Bearer <metrics token>'.", ErrorTypes.Authentication, "invalid_metrics_token").ConfigureAwait(false);
            return;
        }

        var text = PrometheusTextFormat.Render(_collector.Collect());
        context.Response.ContentType = PrometheusTextFormat.ContentType;
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }
}
