using System.Globalization;
using System.Text;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Usage page: tokens and estimated cost per provider and model from the gateway's usage tracker (what
/// <c>/admin/usage</c> serves: totals since start and a recent rate), a server-drawn SVG bar chart of cost by provider,
/// and each managed provider's usage against its limit. Aggregates only, never request bodies.
/// </summary>
internal sealed class UsagePage(UsageTracker tracker, ProviderRows rows)
{
    public async Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var visible = await rows.VisibleAsync(session, context.RequestAborted).ConfigureAwait(false);
        var usage = tracker.Snapshot().Where(u => visible(u.Provider)).OrderByDescending(u => u.CostUsd).ToList();
        var html = new StringBuilder(4096);
        html.Append("<p class=\"hint\">Totals since this process started. Per-day history by key and owner needs the usage ledger, which this build does not have yet.</p>");
        html.Append("<section aria-labelledby=\"chart-title\"><h2 id=\"chart-title\">Cost by provider</h2>");
        UsageChart.Write(html, [.. usage.GroupBy(u => u.Provider).Select(g => (g.Key, g.Sum(u => u.CostUsd), g.Sum(u => u.PromptTokens + u.CompletionTokens)))]);
        html.Append("</section><section aria-labelledby=\"models-title\"><h2 id=\"models-title\">By provider and model</h2>");
        if (usage.Count == 0)
        {
            html.Append("<p>No usage yet.</p>");
        }
        else
        {
            html.Append("<div class=\"scroll\"><table id=\"usage\"><thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Model</th><th scope=\"col\">Responses</th>")
                .Append("<th scope=\"col\">Prompt tokens</th><th scope=\"col\">Completion tokens</th><th scope=\"col\">Cost (USD)</th></tr></thead><tbody>");
            foreach (var u in usage)
            {
                html.Append("<tr><th scope=\"row\">").Append(E(u.Provider)).Append("</th><td>").Append(E(u.Model)).Append("</td><td>")
                    .Append(FormattableString.Invariant($"{u.Responses}</td><td>{u.PromptTokens}</td><td>{u.CompletionTokens}</td><td>{u.CostUsd:0.000000}"))
                    .Append("</td></tr>");
            }

            html.Append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td>")
                .Append(FormattableString.Invariant($"{usage.Sum(u => u.Responses)}</td><td>{usage.Sum(u => u.PromptTokens)}</td><td>{usage.Sum(u => u.CompletionTokens)}</td><td>{usage.Sum(u => u.CostUsd):0.000000}"))
                .Append("</td></tr></tfoot></table></div>");
        }

        html.Append("</section>");
        await Limits(html, session, context.RequestAborted).ConfigureAwait(false);
        await PageAsync(context, session, "/usage", "Usage", html.ToString()).ConfigureAwait(false);
    }

    private async Task Limits(StringBuilder html, ConsoleSession session, CancellationToken cancellationToken)
    {
        var limited = (await rows.ListAsync(session, cancellationToken).ConfigureAwait(false)).Where(r => !r.ReadOnly).ToList();
        html.Append("<section aria-labelledby=\"limits-title\"><h2 id=\"limits-title\">Managed providers against their limits</h2>");
        if (limited.Count == 0)
        {
            html.Append("<p>No managed providers.</p></section>");
            return;
        }

        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Used</th><th scope=\"col\">Limit</th><th scope=\"col\">Share</th></tr></thead><tbody>");
        foreach (var r in limited)
        {
            var share = r.Limit is > 0 and { } limit ? (100.0 * r.Usage / limit).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";
            html.Append("<tr><th scope=\"row\">").Append(E(r.Label ?? r.Name)).Append("</th><td>").Append(r.Usage.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(r.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none")).Append("</td><td>").Append(share).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }
}
