using System.Globalization;
using System.Text;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Providers page: the table of configured and managed providers with health, latency and usage against limit,
/// a row of actions each (on/off, default, test, edit, delete), the add form and Connect OpenRouter. Every change goes
/// through <see cref="ProviderManager"/>, scoped to the session's owner, as the provider APIs do.
/// </summary>
internal sealed partial class ProvidersPage(ProviderRows rows, ProviderManager manager, GatewayRegistry registry, ConsoleProviderTest test, OpenRouterKeyClient openRouter)
{
    public async Task ListAsync(HttpContext context, ConsoleSession session)
    {
        var list = await rows.ListAsync(session, context.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder(8192);
        html.Append("<section aria-labelledby=\"list-title\"><h2 id=\"list-title\">Providers</h2>");
        if (list.Count == 0)
        {
            html.Append("<p>No providers yet: add one below.</p>");
        }
        else
        {
            html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Type</th>")
                .Append(session.Identity.IsAdmin ? "<th scope=\"col\">Owner</th>" : "")
                .Append("<th scope=\"col\">Active</th><th scope=\"col\">Default</th><th scope=\"col\">Health</th><th scope=\"col\">Latency / TTFT</th><th scope=\"col\">Usage / limit</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
            foreach (var row in list)
            {
                Row(html, session, row);
            }

            html.Append("</tbody></table></div>");
        }

        html.Append("</section>");
        AddForm(html, session);
        if (!session.Identity.IsAdmin)
        {
            ConsoleHeaders.AllowFormTarget(context.Response, openRouter.AuthorizationUrl("http://localhost/", "-"));
        }

        await PageAsync(context, session, "/providers", "Providers", html.ToString()).ConfigureAwait(false);
    }

    private static void Row(StringBuilder html, ConsoleSession session, ProviderRow row)
    {
        var h = row.Health;
        html.Append("<tr data-provider=\"").Append(E(row.Name)).Append("\"><th scope=\"row\">").Append(E(row.Label ?? row.Name))
            .Append("<br><small>").Append(E(row.Name)).Append(row.ReadOnly ? " · configured" : "").Append("</small></th><td>").Append(E(row.Type)).Append("</td>");
        if (session.Identity.IsAdmin)
        {
            html.Append("<td>").Append(E(row.ReadOnly ? "(configuration)" : row.Owner ?? "(global)")).Append("</td>");
        }

        html.Append("<td>").Append(row.Active ? "on" : "off").Append("</td><td>").Append(row.Default ? "yes" : "").Append("</td><td>")
            .Append(h is null ? "no traffic yet" : E(FormattableString.Invariant($"{h.Score:0.00} · {Circuit(h.Circuit)}"))).Append("</td><td>")
            .Append(E(h is null ? "" : $"{Ms(h.AverageLatencyMs)} / {Ms(h.AverageFirstTokenMs)}")).Append("</td><td>")
            .Append(row.ReadOnly ? "" : E(row.Limit is { } limit ? FormattableString.Invariant($"{row.Usage} / {limit}") : FormattableString.Invariant($"{row.Usage} / no limit")))
            .Append("</td><td class=\"actions\">");
        if (!row.ReadOnly)
        {
            var id = Uri.EscapeDataString(row.Id!);
            Button(html, session, $"/providers/{id}/active", row.Active ? "Switch off" : "Switch on", row.Label ?? row.Name, ("active", row.Active ? "false" : "true"));
            if (!row.Default)
            {
                Button(html, session, $"/providers/{id}/default", "Make default", row.Label ?? row.Name);
            }

            Button(html, session, $"/providers/{id}/test", "Test", row.Label ?? row.Name);
            html.Append("<a href=\"").Append(ConsoleRoutes.Root).Append("/providers/").Append(id).Append("/edit\">Edit</a> ")
                .Append("<a href=\"").Append(ConsoleRoutes.Root).Append("/providers/").Append(id).Append("/delete\">Delete</a>");
        }
        else if (row.Active)
        {
            Button(html, session, $"/providers/{Uri.EscapeDataString(row.Name)}/test", "Test", row.Name);
        }

        html.Append("</td></tr>");
    }

    /// <summary>A one-button form; its accessible name says which provider it acts on.</summary>
    private static void Button(StringBuilder html, ConsoleSession session, string path, string label, string provider, params (string Name, string Value)[] fields)
    {
        html.Append("<form method=\"post\" class=\"inline\" action=\"").Append(ConsoleRoutes.Root).Append(path).Append("\">").Append(Csrf(session));
        foreach (var (name, value) in fields)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">");
        }

        html.Append("<button type=\"submit\" aria-label=\"").Append(E($"{label} {provider}")).Append("\">").Append(E(label)).Append("</button></form> ");
    }

    private void AddForm(StringBuilder html, ConsoleSession session)
    {
        html.Append("<section aria-labelledby=\"add-title\"><h2 id=\"add-title\">Add a provider</h2><form method=\"post\" class=\"card grid\" action=\"")
            .Append(ConsoleRoutes.Root).Append("/providers\" autocomplete=\"off\">").Append(Csrf(session))
            .Append("<label for=\"type\">Type</label><select id=\"type\" name=\"type\" required>");
        foreach (var type in registry.TypeNamesOrdered)
        {
            html.Append("<option>").Append(E(type)).Append("</option>");
        }

        html.Append("</select>");
        Field(html, "apiKey", "API key", "password");
        Field(html, "label", "Label");
        Field(html, "baseUrl", "Base URL (when the type has none)", "url");
        Field(html, "smart", "Smart model");
        Field(html, "fast", "Fast model");
        Field(html, "models", "Other models (comma-separated)");
        Field(html, "weight", "Weight", "number", "any");
        Field(html, "priority", "Priority", "number", "1");
        Field(html, "usageLimit", "Usage limit (tokens)", "number", "1");
        if (session.Identity.IsAdmin)
        {
            Field(html, "owner", "Owner (empty: global)");
        }

        html.Append("<label class=\"check\"><input type=\"checkbox\" name=\"isDefault\"> Default provider</label><button type=\"submit\">Add provider</button></form>");
        if (!session.Identity.IsAdmin)
        {
            html.Append("<form method=\"post\" class=\"card\" action=\"").Append(ConsoleRoutes.Root).Append("/openrouter/connect\">").Append(Csrf(session))
                .Append("<p>Connect your OpenRouter account: you sign in at OpenRouter and come back here; the key it issues is stored encrypted.</p><button type=\"submit\">Connect OpenRouter</button></form>");
        }

        html.Append("</section>");
    }

    internal static void Field(StringBuilder html, string name, string label, string type = "text", string? step = null, string? value = null) =>
        html.Append("<label for=\"").Append(name).Append("\">").Append(E(label)).Append("</label><input id=\"").Append(name).Append("\" name=\"").Append(name)
            .Append("\" type=\"").Append(type).Append('"').Append(step is null ? "" : $" step=\"{step}\" min=\"0\"")
            .Append(value is null ? "" : $" value=\"{E(value)}\"").Append(type == "password" ? " autocomplete=\"new-password\"" : "").Append('>');

    internal static string Ms(double? ms) => ms is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "–";

    internal static string Circuit(Health.CircuitState state) => state switch { Health.CircuitState.Open => "open", Health.CircuitState.HalfOpen => "half-open", _ => "closed" };
}
