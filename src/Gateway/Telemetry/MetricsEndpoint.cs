using System.Diagnostics.Metrics;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Microsoft.AspNetCore.Http;

namespace Gateway.Telemetry;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition of the gateway's instruments, with its gauges observed at scrape time.</summary>
internal sealed class MetricsEndpoint
{
    private readonly PrometheusCollector _collector;
    private readonly MetricsAccess _access;

    public MetricsEndpoint(PrometheusCollector collector, GatewayMetrics metrics, IHealthStore health, GatewayOptions options)
    {
        _collector = collector;
        _access = new MetricsAccess(options.Metrics);
        metrics.Gauge("gateway.provider.health_score", "1", "Provider health score in [0, 1] that scales its selection weight.",
            () => health.Snapshot().Select(p => new Measurement<double>(p.Score, new KeyValuePair<string, object?>("provider", p.Provider))));
        metrics.Gauge("gateway.provider.circuit_state", "1", "Provider circuit: 0 closed, 1 half-open, 2 open.",
            () => health.Snapshot().Select(p => new Measurement<double>(p.Circuit switch { CircuitState.Open => 2, CircuitState.HalfOpen => 1, _ => 0 },
                new KeyValuePair<string, object?>("provider", p.Provider))));
        metrics.Gauge("gateway.health_store.sharing", "1", "1 while provider health is shared through Redis, 0 while the replica runs on local state (only with Redis configured).",
            () => health.Status.Kind == "redis" ? [new Measurement<double>(health.Status.Degraded ? 0 : 1)] : []);
        metrics.Gauge("gateway.request_body.buffer", "By", "Bytes of pooled buffers holding request bodies being read or forwarded (grows with the bytes received, not the declared length).",
            () => [new Measurement<double>(Endpoints.RequestBodyReader.Buffers.Bytes)]);
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
