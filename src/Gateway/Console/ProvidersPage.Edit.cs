using System.Text;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;
using static Gateway.WebConsole.ConsoleHtml;

namespace Gateway.WebConsole;

/// <summary>The edit page (settings, rotate key) and the delete confirmation of one managed provider.</summary>
internal sealed partial class ProvidersPage
{
    public async Task EditAsync(HttpContext context, ConsoleSession session)
    {
        if (await FindOrNotFoundAsync(context, session) is not { } record)
        {
            return;
        }

        ProviderConfigJson.TryRead(record.ProviderConfig, out var config, out _);
        ProviderConfigJson.TryReadModels(record.SupportedModels, out var models, out _);
        var action = $"{ConsoleRoutes.Root}/providers/{Uri.EscapeDataString(record.Id)}";
        var html = new StringBuilder(4096);
        html.Append("<p><a href=\"").Append(ConsoleRoutes.Root).Append("/providers\">Back to providers</a></p>")
            .Append("<section aria-labelledby=\"settings-title\"><h2 id=\"settings-title\">Settings</h2><form method=\"post\" class=\"card grid\" action=\"")
            .Append(action).Append("/edit\">").Append(Csrf(session));
        Field(html, "label", "Label", value: record.KeyLabel);
        Field(html, "baseUrl", "Base URL", "url", value: config.BaseUrl?.ToString());
        Field(html, "smart", "Smart model", value: config.Smart);
        Field(html, "fast", "Fast model", value: config.Fast);
        Field(html, "models", "Other models (comma-separated)", value: string.Join(", ", models ?? []));
        Field(html, "weight", "Weight", "number", "any", System.FormattableString.Invariant($"{config.Weight}"));
        Field(html, "priority", "Priority", "number", "1", System.FormattableString.Invariant($"{config.Priority}"));
        Field(html, "usageLimit", "Usage limit (tokens, empty: none)", "number", "1", record.UsageLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        html.Append("<button type=\"submit\">Save</button></form></section>")
            .Append("<section aria-labelledby=\"rotate-title\"><h2 id=\"rotate-title\">Rotate key</h2><form method=\"post\" class=\"card grid\" action=\"")
            .Append(action).Append("/rotate\" autocomplete=\"off\">").Append(Csrf(session));
        Field(html, "apiKey", "New API key", "password");
        html.Append("<button type=\"submit\">Rotate key</button></form></section>");
        await PageAsync(context, session, "/providers", $"Edit {record.KeyLabel ?? ManagedProviderOptions.NameOf(record)}", html.ToString()).ConfigureAwait(false);
    }

    public async Task ConfirmDeleteAsync(HttpContext context, ConsoleSession session)
    {
        if (await FindOrNotFoundAsync(context, session) is not { } record)
        {
            return;
        }

        var name = record.KeyLabel ?? ManagedProviderOptions.NameOf(record);
        var html = $"<p>Delete the {E(record.Provider)} provider <strong>{E(name)}</strong>? Requests routed to it move to the other providers at once; this cannot be undone.</p>" +
            $"<form method=\"post\" class=\"card\" action=\"{ConsoleRoutes.Root}/providers/{E(Uri.EscapeDataString(record.Id))}/delete\">{Csrf(session)}" +
            $"<button type=\"submit\" class=\"danger\">Delete {E(name)}</button> <a href=\"{ConsoleRoutes.Root}/providers\">Cancel</a></form>";
        await PageAsync(context, session, "/providers", "Delete provider", html).ConfigureAwait(false);
    }

    private async Task<ManagedProviderRecord?> FindOrNotFoundAsync(HttpContext context, ConsoleSession session)
    {
        var record = await rows.FindAsync(session, ConsoleRoutes.Value(context, "id"), context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            await ErrorAsync(context, 404, ApiError.NotFound().Message).ConfigureAwait(false);
        }

        return record;
    }
}
