using Gateway.Contracts;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (it can take traffic, with detail).</summary>
internal sealed class HealthEndpoints(ProviderCatalog catalog)
{
    public static Task LiveAsync(HttpContext context) => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }, GatewayJsonContext.Default.DictionaryStringString).ExecuteAsync(context);

    public Task ReadyAsync(HttpContext context)
    {
        var detail = catalog.Enabled.Count == 0 ? "no AI providers are configured; requests get 503" : $"{catalog.Enabled.Count} provider(s) enabled";
        return Results.Json(new Dictionary<string, string>
        {
            ["status"] = catalog.Enabled.Count == 0 ? "degraded" : "ready",
            ["detail"] = detail,
            ["health_store"] = "in-memory",
        }, GatewayJsonContext.Default.DictionaryStringString).ExecuteAsync(context);
    }
}
