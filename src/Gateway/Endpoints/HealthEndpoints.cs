using Gateway.Contracts;
using Gateway.Health;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>/healthz</c> (the process is alive) and <c>/readyz</c> (it can take traffic, with detail: the shared health
/// store, and the control-data store, SQLite or PostgreSQL, with whether its last exchange worked). Not ready while the
/// managed client keys cannot be loaded (the gateway fails closed).
/// </summary>
internal sealed class HealthEndpoints(RoutingTableSource routing, IHealthStore health, IDrainStatus drain, IStoreStatus store, Accounts.Keys.ClientKeyRegistry keys)
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
            return Results.Json(new Dictionary<string, string> { ["status"] = "not_ready", ["detail"] = $"managed client keys not loaded: the control-data store ({store.Database}) does not answer" },
                GatewayJsonContext.Default.DictionaryStringString, statusCode: 503).ExecuteAsync(context);
        }

        // Degraded is still ready: the replica serves (on the routing table it has), it only cannot share health, has
        // nothing to route to, or cannot reach its control-data store (the admin and provider APIs answer 503).
        var shared = health.Status;
        var catalog = routing.Current.Catalog;
        var detail = catalog.Enabled.Count == 0 ? "no AI providers are configured; requests get 503"
            : shared.Degraded ? $"{catalog.Enabled.Count} provider(s) enabled; shared health store: {shared.Reason}"
            : $"{catalog.Enabled.Count} provider(s) enabled";
        if (!store.Available)
        {
            detail += $"; the control-data store ({store.Database}) is unavailable: the admin and provider APIs answer 503";
        }

        return Results.Json(new Dictionary<string, string>
        {
            ["status"] = catalog.Enabled.Count == 0 || shared.Degraded || !store.Available ? "degraded" : "ready",
            ["detail"] = detail,
            ["health_store"] = shared.Kind,
            ["store"] = store.Database,
            ["store_status"] = store.Available ? "available" : "unavailable",
        }, GatewayJsonContext.Default.DictionaryStringString).ExecuteAsync(context);
    }
}
