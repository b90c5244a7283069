using System.Globalization;
using System.Text;

namespace Gateway.Telemetry;

/// <summary>
/// Renders metric families in the Prometheus text exposition format 0.0.4: HELP and TYPE lines, escaped label
/// values, cumulative <c>_bucket</c> series with <c>le</c> up to <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusTextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder(4096);
        foreach (var family in families)
        {
            var series = family.Series.ToList();
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Kind switch
            {
                MetricKind.Counter => "counter",
                MetricKind.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');
            foreach (var (tags, value) in series)
            {
                if (family.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(text, family, tags, value);
                }
                else
                {
                    WriteSample(text, family.Name, tags, null, value.Value);
                }
            }
        }

        return text.ToString();
    }

    private static void WriteHistogram(StringBuilder text, MetricFamily family, TagSet tags, Series series)
    {
        var counts = series.BucketCounts;
        long cumulative = 0;
        for (var i = 0; i < family.Buckets.Count; i++)
        {
            cumulative += Interlocked.Read(ref counts[i]);
            WriteSample(text, family.Name + "_bucket", tags, Number(family.Buckets[i]), cumulative);
        }

        // +Inf is the count, so the buckets stay consistent with _count even while measurements arrive.
        var count = series.Count;
        WriteSample(text, family.Name + "_bucket", tags, "+Inf", Math.Max(count, cumulative + Interlocked.Read(ref counts[^1])));
        WriteSample(text, family.Name + "_sum", tags, null, series.Value);
        WriteSample(text, family.Name + "_count", tags, null, Math.Max(count, cumulative + Interlocked.Read(ref counts[^1])));
    }

    private static void WriteSample(StringBuilder text, string name, TagSet tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, label) in tags.Pairs)
            {
                text.Append(first ? "" : ",").Append(key).Append("=\"").Append(EscapeLabel(label)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
