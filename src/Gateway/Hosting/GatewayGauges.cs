using System.Diagnostics.Metrics;
using Gateway.Endpoints;
using Gateway.Health;
using Gateway.Telemetry;

namespace Gateway.Hosting;

/// <summary>
/// The observable gauges, created on the gateway's one Meter at start-up whatever reads it (the Prometheus endpoint,
/// OTLP, or both). They live here, in the composition root, because they observe several parts (health, request
/// bodies) that Telemetry itself must not depend on.
/// </summary>
internal sealed class GatewayGauges
{
    public GatewayGauges(GatewayMetrics metrics, IHealthStore health)
    {
        metrics.Gauge("gateway.provider.health_score", "1", "Provider health score in [0, 1] that scales its selection weight.",
            () => health.Snapshot().Select(p => new Measurement<double>(p.Score, new KeyValuePair<string, object?>("provider", p.Provider))));
        metrics.Gauge("gateway.provider.circuit_state", "1", "Provider circuit: 0 closed, 1 half-open, 2 open.",
            () => health.Snapshot().Select(p => new Measurement<double>(p.Circuit switch { CircuitState.Open => 2, CircuitState.HalfOpen => 1, _ => 0 },
                new KeyValuePair<string, object?>("provider", p.Provider))));
        metrics.Gauge("gateway.health_store.sharing", "1", "1 while provider health is shared through Redis, 0 while the replica runs on local state (only with Redis configured).",
            () => health.Status.Kind == "redis" ? [new Measurement<double>(health.Status.Degraded ? 0 : 1)] : []);
        metrics.Gauge("gateway.request_body.buffer", "By", "Bytes of pooled buffers holding request bodies being read or forwarded (grows with the bytes received, not the declared length).",
            () => [new Measurement<double>(RequestBodyReader.Buffers.Bytes)]);
    }
}
