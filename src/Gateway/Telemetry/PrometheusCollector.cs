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
    private readonly string _meterName;
    private readonly double[] _buckets;

    public PrometheusCollector(string meterName, double[] buckets)
    {
        (_meterName, _buckets) = (meterName, buckets);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == _meterName)
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
