using System.Globalization;
using Gateway.Store;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary><c>GET /admin/audit?limit=N</c>: who created, changed, rotated or deleted which provider, and when, newest first.</summary>
internal sealed class AdminAuditEndpoint(ControlStore store)
{
    public Task GetAsync(HttpContext context) => Endpoints.ProviderApiResponses.GuardAsync(context, async () =>
    {
        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 1000) : 100;
        var entries = await store.ListAuditAsync(limit, context.RequestAborted).ConfigureAwait(false);
        await Endpoints.ProviderApiResponses.WriteJsonAsync(context, 200, w =>
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
