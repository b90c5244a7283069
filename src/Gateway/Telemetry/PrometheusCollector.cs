using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.Telemetry;

/// <summary>
/// Aggregates the measurements of one <see cref="Meter"/> in memory for the Prometheus endpoint: sums for
/// counters, fixed-bucket histograms, gauges observed at scrape time. A <see cref="MeterListener"/> of the
/// gateway's own, because the OpenTelemetry Prometheus exporter is not available here. Recording is lock-free.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Meter _meter;
    private readonly double[] _buckets;

    /// <summary>Listens to <paramref name="meter"/> itself (not every meter of that name: tests run several gateways in one process).</summary>
    public PrometheusCollector(Meter meter, double[] buckets)
    {
        (_meter, _buckets) = (meter, buckets);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                _families[instrument] = new MetricFamily(instrument, _buckets);
                listener.EnableMeasurementEvents(instrument, _families[instrument]);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Observes the gauges, then returns every family in name order.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        foreach (var family in _families.Values)
        {
            family.BeginObservation();
        }

        _listener.RecordObservableInstruments();
        return [.. _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();
}
