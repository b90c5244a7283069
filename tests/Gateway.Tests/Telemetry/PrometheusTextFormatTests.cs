using System.Diagnostics.Metrics;
using Gateway.Telemetry;

namespace Gateway.Tests.Telemetry;

public sealed class PrometheusTextFormatTests : IDisposable
{
    private readonly Meter _meter = new("test-" + Guid.NewGuid().ToString("N"));
    private readonly PrometheusCollector _collector;

    public PrometheusTextFormatTests() => _collector = new PrometheusCollector(_meter, [0.1, 1]);

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private string Render() => PrometheusTextFormat.Render(_collector.Collect());

    [Fact]
    public void Counter_SumsPerTagSet_WithHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("gateway.requests", "{request}", "Requests answered.");
        counter.Add(2, GatewayMetrics.Tags("route", "/v1/x", "status", "200"));
        counter.Add(3, GatewayMetrics.Tags("route", "/v1/x", "status", "200"));
        counter.Add(1, GatewayMetrics.Tags("route", "/v1/x", "status", "502"));

        Assert.Equal(
            "# HELP gateway_requests_total Requests answered.\n" +
            "# TYPE gateway_requests_total counter\n" +
            "gateway_requests_total{route=\"/v1/x\",status=\"200\"} 5\n" +
            "gateway_requests_total{route=\"/v1/x\",status=\"502\"} 1\n",
            Render());
    }

    [Fact]
    public void Histogram_HasCumulativeBucketsInfSumAndCount_InSeconds()
    {
        var histogram = _meter.CreateHistogram<double>("gateway.upstream.duration", "s", "Attempt time.");
        foreach (var value in new[] { 0.05, 0.5, 0.1, 5 })
        {
            histogram.Record(value, GatewayMetrics.Tags("provider", "a"));
        }

        Assert.Equal(
            "# HELP gateway_upstream_duration_seconds Attempt time.\n" +
            "# TYPE gateway_upstream_duration_seconds histogram\n" +
            "gateway_upstream_duration_seconds_bucket{provider=\"a\",le=\"0.1\"} 2\n" +
            "gateway_upstream_duration_seconds_bucket{provider=\"a\",le=\"1\"} 3\n" +
            "gateway_upstream_duration_seconds_bucket{provider=\"a\",le=\"+Inf\"} 4\n" +
            "gateway_upstream_duration_seconds_sum{provider=\"a\"} 5.65\n" +
            "gateway_upstream_duration_seconds_count{provider=\"a\"} 4\n",
            Render());
    }

    [Fact]
    public void Gauges_UpDownCounterAndObservable_AreGauges()
    {
        var inFlight = _meter.CreateUpDownCounter<long>("gateway.in_flight", "{request}", "In flight.");
        inFlight.Add(3);
        inFlight.Add(-1);
        var observed = 0.25;
        _meter.CreateObservableGauge("gateway.score", () => new Measurement<double>(observed, new KeyValuePair<string, object?>("provider", "a")), "1", "Score.");

        Assert.Contains("# TYPE gateway_in_flight gauge\ngateway_in_flight 2\n", Render(), StringComparison.Ordinal);
        observed = 0.75;
        var text = Render();
        Assert.Contains("# TYPE gateway_score gauge\ngateway_score{provider=\"a\"} 0.75\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0.25", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValues_AreEscaped()
    {
        var counter = _meter.CreateCounter<long>("gateway.errors", "{error}", "Errors.\nSecond line \\ here");
        counter.Add(1, GatewayMetrics.Tags("provider", "a\"b\\c\nd"));

        Assert.Equal(
            "# HELP gateway_errors_total Errors.\\nSecond line \\\\ here\n" +
            "# TYPE gateway_errors_total counter\n" +
            "gateway_errors_total{provider=\"a\\\"b\\\\c\\nd\"} 1\n",
            Render());
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    public void Number_UsesPrometheusSpellings(double value, string expected) => Assert.Equal(expected, PrometheusTextFormat.Number(value));

    [Fact]
    public void Cost_InUsd_IsAFloatCounter()
    {
        _meter.CreateCounter<double>("gateway.cost", "USD", "Cost.").Add(0.5);
        Assert.Contains("gateway_cost_usd_total 0.5\n", Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Collector_IgnoresAnotherMeterWithTheSameName()
    {
        using var twin = new Meter(_meter.Name);
        twin.CreateCounter<long>("gateway.requests").Add(7);
        _meter.CreateCounter<long>("gateway.requests").Add(1);

        Assert.Contains("gateway_requests_total 1\n", Render(), StringComparison.Ordinal);
        Assert.DoesNotContain(" 7\n", Render(), StringComparison.Ordinal);
    }
}
