using Gateway.Contracts;
using Gateway.Health;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (it can take traffic, with detail).</summary>
internal sealed class HealthEndpoints(RoutingTableSource routing, IHealthStore health, IDrainStatus drain, Accounts.Keys.ClientKeyRegistry keys, Store.ControlStore controlStore)
{
    public static Task LiveAsync(HttpContext context) => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }, GatewayJsonContext.Default.DictionaryStringString).ExecuteAsync(context);

    public Task ReadyAsync(HttpContext context)
    {
        if (drain.Draining)
        {
            context.Response.StatusCode = 503;
            return Results.Json(new Dictionary<string, string> { ["status"] = "draining", ["detail"] = $"shutting down; {drain.InFlight} request(s) in flight" },
                GatewayJsonContext.Default.DictionaryStringString, statusCode: 503).ExecuteAsync(context);
        }

        if (!keys.Loaded)
        {
            // Failing closed: keys not in configuration get 503 until the store answers; send traffic elsewhere.
            return Results.Json(new Dictionary<string, string> { ["status"] = "not_ready", ["detail"] = $"managed client keys not loaded: the control-data store ({controlStore.Kind}) does not answer" },
                GatewayJsonContext.Default.DictionaryStringString, statusCode: 503).ExecuteAsync(context);
        }

        // Degraded is still ready: the replica serves, it only cannot share health or has nothing to route to.
        var store = health.Status;
        var catalog = routing.Current.Catalog;
        var detail = catalog.Enabled.Count == 0 ? "no AI providers are configured; requests get 503"
            : store.Degraded ? $"{catalog.Enabled.Count} provider(s) enabled; shared health store: {store.Reason}"
            : $"{catalog.Enabled.Count} provider(s) enabled";
        return Results.Json(new Dictionary<string, string>
        {
            ["status"] = catalog.Enabled.Count == 0 || store.Degraded ? "degraded" : "ready",
            ["detail"] = detail,
            ["health_store"] = store.Kind,
        }, GatewayJsonContext.Default.DictionaryStringString).ExecuteAsync(context);
    }
}
