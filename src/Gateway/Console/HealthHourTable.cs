using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Stats;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Health page's second table: this replica's last hour per provider (attempts, success rate, latency and TTFT
/// percentiles, failovers) from <see cref="ReplicaStats"/>, as HTML and as the cells its refresh reads.
/// </summary>
internal static class HealthHourTable
{
    /// <summary>The query that asks <c>health.json</c> for this table's rows.</summary>
    public const string Query = "window=hour";

    public static void Write(StringBuilder html, IEnumerable<ProviderHourStats> rows)
    {
        html.Append("<section aria-labelledby=\"hour-title\"><h2 id=\"hour-title\">This replica, last hour</h2>")
            .Append("<p class=\"hint\">Percentiles from per-minute histograms kept in this process (each replica has its own); latency is the time to the response headers (or to the failure); failovers are the attempts this provider took as a request's second or later try.</p>")
            .Append("<div class=\"scroll\"><table id=\"health-hour\" data-source=\"").Append(ConsoleRoutes.Root).Append("/health.json?").Append(Query).Append("\" data-refresh-ms=\"3000\">")
            .Append("<thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Attempts</th><th scope=\"col\">Success rate</th>")
            .Append("<th scope=\"col\">Latency p50</th><th scope=\"col\">Latency p95</th><th scope=\"col\">Latency p99</th>")
            .Append("<th scope=\"col\">TTFT p50</th><th scope=\"col\">TTFT p95</th><th scope=\"col\">TTFT p99</th><th scope=\"col\">Failovers</th></tr></thead><tbody aria-live=\"polite\">");
        foreach (var row in rows)
        {
            var cells = Cells(row);
            html.Append("<tr><th scope=\"row\">").Append(E(cells[0])).Append("</th>");
            foreach (var cell in cells.Skip(1))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    public static void WriteJson(Utf8JsonWriter writer, IEnumerable<ProviderHourStats> rows)
    {
        writer.WriteStartArray("providers");
        foreach (var row in rows)
        {
            writer.WriteStartArray();
            foreach (var cell in Cells(row))
            {
                writer.WriteStringValue(cell);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static string[] Cells(ProviderHourStats p) =>
    [
        p.Provider,
        (p.Succeeded + p.Failed).ToString(CultureInfo.InvariantCulture),
        p.SuccessRate is { } rate ? (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–",
        Ms(p.LatencyP50), Ms(p.LatencyP95), Ms(p.LatencyP99),
        Ms(p.FirstTokenP50), Ms(p.FirstTokenP95), Ms(p.FirstTokenP99),
        p.Failovers.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A percentile for display; the histogram's first bin holds everything under a millisecond.</summary>
    private static string Ms(double? ms) => ms switch
    {
        null => "–",
        < 1 => "< 1 ms",
        { } v => v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms",
    };
}
