using System.Text.Json;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Routing;
using Gateway.Selection;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/routing</c> (admin key): how requests are routed now and why the last ones went where they went. Each
/// tier's strategy (the rotation), who may choose another (<c>x-gateway-strategy</c>, per-key defaults), the tier's
/// providers with their weight, priority, circuit and score, the probes, affinity and queue settings, and this
/// replica's recent decisions (<c>Gateway:Selection:RecentDecisions</c>, newest first), each with every candidate's verdict.
/// </summary>
internal sealed class AdminRoutingEndpoint(RoutingTableSource source, IHealthStore health, RecentDecisions decisions, StrategyCatalog strategies, GatewayOptions options)
{
    public async Task GetAsync(HttpContext context)
    {
        var table = source.Current;
        var current = table.Options;
        var scores = health.Snapshot().ToDictionary(s => s.Provider, StringComparer.Ordinal);
        context.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteString("rotation", current.Rotation);
        w.WriteBoolean("clients_may_choose", current.Selection.ClientsMayChoose);
        w.WriteStartArray("strategies");
        foreach (var name in strategies.Names)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteStartArray("keys");
        foreach (var (keyId, key) in current.Selection.Keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key_id", keyId);
            w.WriteString("strategy", key.Strategy);
            w.WriteBoolean("may_choose", key.MayChoose ?? current.Selection.ClientsMayChoose);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("tiers");
        foreach (var tier in (ModelTier[])[ModelTier.Smart, ModelTier.Fast])
        {
            w.WriteStartObject();
            w.WriteString("tier", Name(tier));
            var own = current.Selection.Tiers.GetValueOrDefault(Name(tier));
            w.WriteString("strategy", own ?? current.Rotation);
            w.WriteString("strategy_source", own is null ? "rotation" : "tier");
            w.WriteStartArray("providers");
            foreach (var provider in table.Catalog.Enabled.Where(p => p.Options.ModelFor(tier) is not null))
            {
                w.WriteStartObject();
                w.WriteString("provider", provider.Name);
                w.WriteString("model", provider.Options.ModelFor(tier));
                w.WriteString("owner", provider.Options.Owner);
                w.WriteNumber("weight", provider.Options.Weight);
                w.WriteNumber("priority", provider.Options.Priority);
                var state = scores.GetValueOrDefault(provider.Name);
                w.WriteString("circuit", Circuit(state?.Circuit ?? CircuitState.Closed));
                w.WriteNumber("score", Math.Round(state?.Score ?? 1, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("probes");
        w.WriteBoolean("enabled", options.Probes.Enabled);
        w.WriteNumber("interval_seconds", options.Probes.Interval.TotalSeconds);
        w.WriteNumber("idle_seconds", options.Probes.IdleAfter.TotalSeconds);
        w.WriteEndObject();
        w.WriteStartObject("affinity");
        w.WriteBoolean("enabled", options.Affinity.Enabled);
        w.WriteNumber("ttl_seconds", options.Affinity.Ttl.TotalSeconds);
        w.WriteEndObject();
        w.WriteStartObject("queue");
        w.WriteBoolean("enabled", options.Queue.Enabled);
        w.WriteNumber("max_wait_seconds", options.Queue.MaxWait.TotalSeconds);
        w.WriteNumber("max_length", options.Queue.MaxLength);
        w.WriteEndObject();
        w.WriteNumber("recent_decisions_kept", decisions.Capacity);
        w.WriteStartArray("decisions");
        foreach (var decision in decisions.Newest())
        {
            WriteDecision(w, decision);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, RoutingDecision d)
    {
        w.WriteStartObject();
        w.WriteString("request_id", d.RequestId);
        w.WriteString("at", d.At);
        w.WriteString("model", d.Model);
        w.WriteString("candidate_set", d.CandidateSet);
        w.WriteString("strategy", d.Strategy);
        w.WriteString("strategy_source", d.StrategySource);
        w.WriteString("provider", d.Provider);
        w.WriteNumber("status", d.Status);
        w.WriteNumber("attempts", d.Attempts);
        w.WriteBoolean("queued", d.Queued);
        w.WriteBoolean("affinity", d.Affinity);
        w.WriteBoolean("cache_hit", d.CacheHit);
        w.WriteStartArray("candidates");
        foreach (var c in d.Candidates)
        {
            w.WriteStartObject();
            w.WriteString("provider", c.Provider);
            w.WriteString("verdict", c.Verdict);
            w.WriteString("detail", c.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Name(ModelTier tier) => tier.ToString().ToLowerInvariant();

    private static string Circuit(CircuitState state) => state switch { CircuitState.Open => "open", CircuitState.HalfOpen => "half-open", _ => "closed" };
}
