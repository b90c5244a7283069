using System.Globalization;
using System.Text;
using Gateway.Configuration;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Routing page (admin): from the live routing table, which providers serve <c>smart</c> and <c>fast</c> and with
/// which models, their weight, priority and owner, the rotation strategy, the aliases and the switched-off providers.
/// </summary>
internal sealed class RoutingPage(RoutingTableSource source)
{
    public Task ShowAsync(HttpContext context, ConsoleSession session)
    {
        var table = source.Current;
        var enabled = table.Catalog.Enabled;
        var html = new StringBuilder(4096);
        html.Append("<p>Table version ").Append(table.Version.ToString(CultureInfo.InvariantCulture)).Append(", rotation strategy <strong>")
            .Append(E(table.Options.Rotation)).Append("</strong>. An owner's requests try its own providers first, then the global ones.</p>");
        foreach (var tier in (ModelTier[])[ModelTier.Smart, ModelTier.Fast])
        {
            var name = tier.ToString().ToLowerInvariant();
            html.Append("<section aria-labelledby=\"tier-").Append(name).Append("\"><h2 id=\"tier-").Append(name).Append("\"><code>").Append(name).Append("</code></h2>");
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
        return PageAsync(context, session, "/routing", "Routing", html.ToString());
    }
}
