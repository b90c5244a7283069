using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Health;
using Gateway.Stats;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Health page: every visible provider's score, circuit, success rate, average latency and time to first token,
/// from the gateway's own health store; then this replica's last hour (latency and TTFT percentiles, success rate,
/// failovers) from <see cref="ReplicaStats"/>. The page's script refreshes both tables from <c>health.json</c> every
/// few seconds, without reloading.
/// </summary>
internal sealed class HealthPage(IHealthStore health, ReplicaStats replica, ProviderRows rows, TimeProvider time)
{
    public async Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var visible = await rows.VisibleAsync(session, context.RequestAborted).ConfigureAwait(false);
        var status = health.Status;
        var html = new StringBuilder(4096);
        html.Append("<p>Health store: ").Append(E(status.Kind)).Append(status.Degraded ? " (degraded: " + E(status.Reason) + ")" : "")
            .Append(". Last updated <time id=\"health-updated\">").Append(E(time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append("</time>")
            .Append(" <span class=\"hint\">(refreshes every 3 seconds)</span></p>")
            .Append("<div class=\"scroll\"><table id=\"health\" data-source=\"").Append(ConsoleRoutes.Root).Append("/health.json\" data-refresh-ms=\"3000\">")
            .Append("<thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Score</th><th scope=\"col\">Circuit</th><th scope=\"col\">Success rate</th>")
            .Append("<th scope=\"col\">Latency</th><th scope=\"col\">TTFT</th><th scope=\"col\">Requests</th><th scope=\"col\">Errors</th></tr></thead><tbody aria-live=\"polite\">");
        foreach (var p in health.Snapshot().Where(p => visible(p.Provider)))
        {
            html.Append("<tr><th scope=\"row\">").Append(E(p.Provider)).Append("</th><td>").Append(E(p.Score.ToString("0.00", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(ProvidersPage.Circuit(p.Circuit)).Append("</td><td>").Append(E(Percent(p.SuccessRate)))
                .Append("</td><td>").Append(E(ProvidersPage.Ms(p.AverageLatencyMs))).Append("</td><td>").Append(E(ProvidersPage.Ms(p.AverageFirstTokenMs)))
                .Append("</td><td>").Append(p.Requests.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(p.Errors.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div><p class=\"hint\">Latency and TTFT here are the health store's decaying averages.</p>");
        HealthHourTable.Write(html, replica.LastHour().Where(p => visible(p.Provider)));
        await PageAsync(context, session, "/health", "Health", html.ToString()).ConfigureAwait(false);
    }

    /// <summary>The rows of a table as JSON (the health store's; with <c>?window=hour</c> this replica's last hour), already formatted for display (the script only sets text).</summary>
    public async Task JsonAsync(HttpContext context, ConsoleSession session)
    {
        var visible = await rows.VisibleAsync(session, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteString("updated", time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        if (context.Request.Query["window"] == "hour")
        {
            HealthHourTable.WriteJson(w, replica.LastHour().Where(p => visible(p.Provider)));
            w.WriteEndObject();
            return;
        }

        w.WriteStartArray("providers");
        foreach (var p in health.Snapshot().Where(p => visible(p.Provider)))
        {
            w.WriteStartArray();
            w.WriteStringValue(p.Provider);
            w.WriteStringValue(p.Score.ToString("0.00", CultureInfo.InvariantCulture));
            w.WriteStringValue(ProvidersPage.Circuit(p.Circuit));
            w.WriteStringValue(Percent(p.SuccessRate));
            w.WriteStringValue(ProvidersPage.Ms(p.AverageLatencyMs));
            w.WriteStringValue(ProvidersPage.Ms(p.AverageFirstTokenMs));
            w.WriteStringValue(p.Requests.ToString(CultureInfo.InvariantCulture));
            w.WriteStringValue(p.Errors.ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";
}
