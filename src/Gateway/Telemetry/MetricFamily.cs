using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.Telemetry;

/// <summary>One instrument's series, keyed by tag set, with its Prometheus name, type and help.</summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<TagSet, Series> _series = new();
    private readonly double[] _buckets;

    public MetricFamily(Instrument instrument, double[] buckets)
    {
        _buckets = buckets;
        Kind = instrument switch
        {
            Histogram<double> or Histogram<long> => MetricKind.Histogram,
            Counter<long> or Counter<double> => MetricKind.Counter,
            _ => MetricKind.Gauge,
        };
        Observable = instrument.IsObservable;
        Name = PrometheusName(instrument.Name, instrument.Unit, Kind);
        Help = instrument.Description ?? instrument.Name;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public bool Observable { get; }

    public IReadOnlyList<double> Buckets => _buckets;

    public IEnumerable<KeyValuePair<TagSet, Series>> Series => _series.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new TagSet(tags);
        if (!_series.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key, _ => new Series(Kind == MetricKind.Histogram ? _buckets.Length : 0));
        }

        if (Kind == MetricKind.Histogram)
        {
            series.Observe(value, _buckets);
        }
        else if (Observable)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    /// <summary>Observable gauges report only what the next observation produces.</summary>
    public void BeginObservation()
    {
        if (Observable)
        {
            _series.Clear();
        }
    }

    /// <summary><c>gateway.upstream.duration</c> in <c>s</c> becomes <c>gateway_upstream_duration_seconds</c>; counters end in <c>_total</c>.</summary>
    public static string PrometheusName(string name, string? unit, MetricKind kind)
    {
        var baseName = name.Replace('.', '_').Replace('-', '_');
        var suffix = unit switch
        {
            "s" => "_seconds",
            "USD" => "_usd",
            "By" => "_bytes",
            _ => "",
        };
        return baseName + suffix + (kind == MetricKind.Counter ? "_total" : "");
    }
}

/// <summary>Prometheus metric types.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
