using System.Text.Json;
using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/providers/{name}/test</c>: checks one provider's connectivity and key (<see cref="ProviderProbe"/>) and
/// reports the latency and the error class. Never shows the key.
/// </summary>
internal sealed class AdminProviderTestEndpoint(ILiveCatalog live, ProviderProbe probe)
{
    public async Task TestAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        if ((live.Catalog.Find(name) ?? live.Catalog.Enabled.FirstOrDefault(p => p.Options.ManagedId == name)) is not { } provider)
        {
            await OpenAIError.WriteAsync(context, 404, $"Unknown or disabled provider '{name}'.", ErrorTypes.InvalidRequest, "provider_not_found").ConfigureAwait(false);
            return;
        }

        var (status, errorClass, latency) = await probe.RunAsync(provider, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("provider", provider.Name);
        writer.WriteString("type", provider.Options.Type);
        writer.WriteBoolean("ok", errorClass == "ok");
        if (status is { } code)
        {
            writer.WriteNumber("status", code);
        }
        else
        {
            writer.WriteNull("status");
        }

        writer.WriteNumber("latency_ms", Math.Round(latency.TotalMilliseconds, 1));
        writer.WriteString("error_class", errorClass);
        writer.WriteEndObject();
    }
}
