using System.Text.Json;
using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/providers/{name}/test</c>: checks one provider's connectivity and key with its cheapest request (the
/// model list: no tokens spent) and reports the latency and the error class. Never shows the key.
/// </summary>
internal sealed class AdminProviderTestEndpoint(ILiveCatalog live, HttpMessageInvoker client, TimeProvider time)
{
    public async Task TestAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        if ((live.Catalog.Find(name) ?? live.Catalog.Enabled.FirstOrDefault(p => p.Options.ManagedId == name)) is not { } provider)
        {
            await OpenAIError.WriteAsync(context, 404, $"Unknown or disabled provider '{name}'.", ErrorTypes.InvalidRequest, "provider_not_found").ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        int? status = null;
        string errorClass;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = provider.Adapter.CreateRequest(UpstreamOperation.Models, "");
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            errorClass = status switch
            {
                >= 200 and < 300 => "ok",
                401 or 403 => "authentication",
                404 => "not_found",
                429 => "rate_limited",
                >= 500 => "server_error",
                _ => "client_error",
            };
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            errorClass = "timeout";
        }
        catch (HttpRequestException)
        {
            errorClass = "connect";
        }

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

        writer.WriteNumber("latency_ms", Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1));
        writer.WriteString("error_class", errorClass);
        writer.WriteEndObject();
    }
}
