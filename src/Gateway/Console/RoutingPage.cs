using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Routing;
using Gateway.Selection;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Routing page (admin): from the live routing table, which providers serve <c>smart</c> and <c>fast</c> and with
/// which models, their weight, priority and owner, each tier's strategy (and the others its recent requests used),
/// who may choose a strategy, the aliases and the switched-off providers; then this replica's recent routing decisions
/// (<see cref="RecentDecisions"/>): why each request went where it went, refreshed from <c>routing.json</c> by the
/// page's script. <c>GET /admin/routing</c> gives the same in full.
/// </summary>
internal sealed class RoutingPage(RoutingTableSource source, RecentDecisions decisions, TimeProvider time)
{
    public Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var table = source.Current;
        var enabled = table.Catalog.Enabled;
        var html = new StringBuilder(4096);
        var recent = decisions.Newest();
        var selection = table.Options.Selection;
        html.Append("<p>Table version ").Append(table.Version.ToString(CultureInfo.InvariantCulture)).Append(", rotation strategy <strong>")
            .Append(E(table.Options.Rotation)).Append("</strong>. An owner's requests try its own providers first, then the global ones.</p>")
            .Append("<p id=\"strategy-choice\">").Append(selection.ClientsMayChoose ? "Client keys may choose another strategy per request (<code>x-gateway-strategy</code>)" : "Client keys may not choose their strategy")
            .Append(selection.Keys.Count == 0 ? "; no key has its own default." : "; per key: ")
            .Append(E(string.Join(", ", selection.Keys.OrderBy(k => k.Key, StringComparer.Ordinal)
                .Select(k => k.Key + " → " + (k.Value.Strategy ?? table.Options.Rotation) + ((k.Value.MayChoose ?? selection.ClientsMayChoose) ? " (may choose)" : " (may not choose)")))))
            .Append(selection.Keys.Count == 0 ? "" : ".").Append("</p>");
        foreach (var tier in (ModelTier[])[ModelTier.Smart, ModelTier.Fast])
        {
            var name = tier.ToString().ToLowerInvariant();
            html.Append("<section aria-labelledby=\"tier-").Append(name).Append("\"><h2 id=\"tier-").Append(name).Append("\"><code>").Append(name).Append("</code></h2>");
            var used = recent.Where(d => d.CandidateSet.Contains("tier:" + name, StringComparison.Ordinal))
                .GroupBy(d => d.Strategy + " (" + d.StrategySource + ")").Select(g => g.Key + ": " + g.Count().ToString(CultureInfo.InvariantCulture)).ToList();
            var own = selection.Tiers.GetValueOrDefault(name);
            html.Append("<p id=\"strategy-").Append(name).Append("\">Strategy: <strong>").Append(E(own ?? table.Options.Rotation)).Append("</strong>")
                .Append(own is null ? " (the rotation)" : " (this tier's own)")
                .Append(used.Count == 0 ? "; no recent request." : "; the recent requests: " + E(string.Join(", ", used)) + ".").Append("</p>");
            var serving = enabled.Where(p => p.Options.ModelFor(tier) is not null).ToList();
            if (serving.Count == 0)
            {
                html.Append("<p>No provider serves this tier.</p></section>");
                continue;
            }

            html.Append("<div class=\"scroll\"><table id=\"routing-").Append(name).Append("\"><thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Model</th><th scope=\"col\">Owner</th>")
                .Append("<th scope=\"col\">Weight</th><th scope=\"col\">Priority</th><th scope=\"col\">Default</th></tr></thead><tbody>");
            foreach (var p in serving)
            {
                html.Append("<tr><th scope=\"row\">").Append(E(p.Name)).Append("</th><td>").Append(E(p.Options.ModelFor(tier))).Append("</td><td>")
                    .Append(E(p.Options.Owner ?? "(global)")).Append("</td><td>").Append(p.Options.Weight.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                    .Append(p.Options.Priority.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(p.Options.IsDefault ? "yes" : "").Append("</td></tr>");
            }

            html.Append("</tbody></table></div></section>");
        }

        html.Append("<section aria-labelledby=\"aliases-title\"><h2 id=\"aliases-title\">Aliases</h2>");
        html.Append(table.Options.Aliases.Count == 0 ? "<p>None configured.</p>" : "<ul>");
        foreach (var (alias, tier) in table.Options.Aliases)
        {
            html.Append("<li><code>").Append(E(alias)).Append("</code> → <code>").Append(tier.ToString().ToLowerInvariant()).Append("</code></li>");
        }

        html.Append(table.Options.Aliases.Count == 0 ? "" : "</ul>").Append("</section><section aria-labelledby=\"models-title\"><h2 id=\"models-title\">Listed models</h2><ul>");
        foreach (var p in enabled.Where(p => p.Options.Models.Count > 0))
        {
            html.Append("<li>").Append(E(p.Name)).Append(": ").Append(E(string.Join(", ", p.Options.Models))).Append("</li>");
        }

        html.Append("</ul><p>Switched off: ").Append(E(table.Catalog.Disabled.Count == 0 ? "none" : string.Join(", ", table.Catalog.Disabled))).Append("</p></section>");
        WriteDecisions(html, recent);
        return PageAsync(context, session, "/routing", "Routing", html.ToString());
    }

    /// <summary>The recent decisions as JSON rows (<c>decisions</c>), already formatted for display (the script only sets text).</summary>
    public async Task JsonAsync(HttpContext context, ConsoleSession session)
    {
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteString("updated", time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteStartArray("decisions");
        foreach (var decision in decisions.Newest())
        {
            w.WriteStartArray();
            foreach (var cell in RoutingDecisionCells.Of(decision))
            {
                w.WriteStringValue(cell);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteDecisions(StringBuilder html, IReadOnlyList<RoutingDecision> recent)
    {
        html.Append("<section aria-labelledby=\"decisions-title\"><h2 id=\"decisions-title\">Recent decisions</h2><p>Why the last requests this replica forwarded went where they went, newest first (")
            .Append(decisions.Capacity.ToString(CultureInfo.InvariantCulture)).Append(" kept, <code>Gateway:Selection:RecentDecisions</code>). Last updated <time id=\"routing-updated\">")
            .Append(E(time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append("</time> <span class=\"hint\">(refreshes every 3 seconds)</span></p>")
            .Append("<div class=\"scroll\"><table id=\"routing-decisions\" data-source=\"").Append(ConsoleRoutes.Root)
            .Append("/routing.json\" data-rows=\"decisions\" data-stamp=\"routing-updated\" data-refresh-ms=\"3000\"><thead><tr>");
        foreach (var header in RoutingDecisionCells.Headers)
        {
            html.Append("<th scope=\"col\">").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody aria-live=\"polite\">");
        foreach (var decision in recent)
        {
            var cells = RoutingDecisionCells.Of(decision);
            html.Append("<tr><th scope=\"row\">").Append(E(cells[0])).Append("</th>");
            foreach (var cell in cells.Skip(1))
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>");
    }
}
