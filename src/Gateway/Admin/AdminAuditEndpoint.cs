using System.Globalization;
using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary><c>GET /admin/audit?limit=N</c>: who created, changed, rotated or deleted which provider or key, or set which owner's limits, and when, newest first.</summary>
internal sealed class AdminAuditEndpoint(IAuditLog audit)
{
    public Task GetAsync(HttpContext context) => ProviderApiResponses.GuardAsync(context, async () =>
    {
        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 1000) : 100;
        var entries = await audit.ListAsync(limit, context.RequestAborted).ConfigureAwait(false);
        await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("id", e.Id);
                w.WriteString("at", e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("actor", e.Actor);
                w.WriteString("action", e.Action);
                w.WriteString("providerId", e.ProviderId);
                w.WriteString("owner", e.Owner);
                w.WriteString("provider", e.Provider);
                w.WriteString("detail", e.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }, AdminProvidersEndpoint.ErrorAsync);
}
