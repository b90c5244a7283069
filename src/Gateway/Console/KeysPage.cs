using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>
/// The Keys page (admin): client keys with their prefix, owner, models, expiry and last use; create (the key shown once,
/// with a copy button, on the answer to the form itself and nowhere else) and revoke. Backed by <see cref="IConsoleKeys"/>.
/// </summary>
internal sealed class KeysPage(IConsoleKeys keys)
{
    public Task ShowAsync(HttpContext context, ConsoleSession session) => RenderAsync(context, session, created: null);

    public async Task CreateAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var owner = form["owner"].ToString().Trim();
        DateTimeOffset? expires = DateTimeOffset.TryParse(form["expiresAt"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e) ? e : null;
        var models = form["models"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (secret, error) = owner.Length == 0
            ? (null, "Owner is required.")
            : await keys.CreateAsync(owner, form["label"].ToString().Trim() is { Length: > 0 } l ? l : null, models, expires, ProvidersPage.Actor(session), context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            session.Flash = new ConsoleFlash(false, error);
        }

        await RenderAsync(context, session, secret).ConfigureAwait(false);
    }

    public async Task RevokeAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var error = await keys.RevokeAsync(ConsoleRoutes.Value(context, "id"), ProvidersPage.Actor(session), context.RequestAborted).ConfigureAwait(false);
        session.Flash = new ConsoleFlash(error is null, error ?? "Key revoked.");
        ConsoleHtml.SeeOther(context, "/keys");
    }

    private async Task RenderAsync(HttpContext context, ConsoleSession session, string? created)
    {
        var html = new StringBuilder(2048);
        if (!keys.Available)
        {
            html.Append("<p class=\"flash bad\" role=\"status\">").Append(E(UnavailableConsoleKeys.Message)).Append("</p>");
            await PageAsync(context, session, "/keys", "Keys", html.ToString()).ConfigureAwait(false);
            return;
        }

        if (created is not null)
        {
            html.Append("<div class=\"card\" role=\"status\"><p>The new key, shown this once: copy it now.</p><p><code id=\"new-key\">").Append(E(created))
                .Append("</code> <button type=\"button\" data-copy=\"new-key\">Copy</button></p></div>");
        }

        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Prefix</th><th scope=\"col\">Owner</th><th scope=\"col\">Label</th><th scope=\"col\">Models</th>")
            .Append("<th scope=\"col\">Expires</th><th scope=\"col\">Last used</th><th scope=\"col\">State</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        foreach (var k in await keys.ListAsync(context.RequestAborted).ConfigureAwait(false))
        {
            html.Append("<tr><th scope=\"row\"><code>").Append(E(k.Prefix)).Append("…</code></th><td>").Append(E(k.Owner)).Append("</td><td>").Append(E(k.Label))
                .Append("</td><td>").Append(E(k.Models.Count == 0 ? "all" : string.Join(", ", k.Models))).Append("</td><td>").Append(E(Date(k.ExpiresAt)))
                .Append("</td><td>").Append(E(Date(k.LastUsedAt))).Append("</td><td>").Append(k.RevokedAt is null ? "active" : "revoked").Append("</td><td>");
            if (k.RevokedAt is null)
            {
                html.Append("<form method=\"post\" class=\"inline\" action=\"").Append(ConsoleRoutes.Root).Append("/keys/").Append(E(Uri.EscapeDataString(k.Id))).Append("/revoke\">")
                    .Append(Csrf(session)).Append("<button type=\"submit\" class=\"danger\" aria-label=\"Revoke ").Append(E(k.Prefix)).Append("\">Revoke</button></form>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div><h2>Create a key</h2><form method=\"post\" class=\"card grid\" action=\"").Append(ConsoleRoutes.Root).Append("/keys\">").Append(Csrf(session));
        ProvidersPage.Field(html, "owner", "Owner");
        ProvidersPage.Field(html, "label", "Label");
        ProvidersPage.Field(html, "models", "Allowed models (comma-separated, empty: all)");
        ProvidersPage.Field(html, "expiresAt", "Expires (optional)", "date");
        html.Append("<button type=\"submit\">Create key</button></form>");
        await PageAsync(context, session, "/keys", "Keys", html.ToString()).ConfigureAwait(false);
    }

    private static string Date(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–";
}
