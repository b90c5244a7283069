using System.Diagnostics.Metrics;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>The gauges exist on the Meter whoever reads it: with /metrics switched off (an OTLP-only setup) they are still observed.</summary>
public sealed class GaugesWithoutPrometheusTests
{
    [Fact]
    public async Task MetricsEndpointOff_GaugesStillPublished_AndObserved()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:Metrics:Enabled"] = "false" });
        await gateway.Client.SendAsync(Http.Chat());
        var meter = gateway.Services.GetRequiredService<GatewayMetrics>().Meter;
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (seen)
            {
                seen[instrument.Name] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(404, (int)(await gateway.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(1, seen["gateway.provider.health_score"]);
        Assert.Equal(0, seen["gateway.provider.circuit_state"]);
        Assert.True(seen.ContainsKey("gateway.request_body.buffer"));
    }
}
