using System.Text.Json;
using Gateway.Health;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/health</c>: every provider's score, circuit, decayed counts, success rate, latency and time to first
/// token averages, totals, last use, and whether the view is shared across replicas. Needs the admin key.
/// </summary>
internal sealed class AdminHealthEndpoint(IHealthStore health)
{
    public async Task GetAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        var status = health.Status;
        writer.WriteStartObject();
        writer.WriteString("health_store", status.Kind);
        writer.WriteBoolean("degraded", status.Degraded);
        writer.WriteString("reason", status.Reason);
        writer.WriteStartArray("providers");
        foreach (var p in health.Snapshot())
        {
            writer.WriteStartObject();
            writer.WriteString("provider", p.Provider);
            writer.WriteNumber("score", Math.Round(p.Score, 4));
            writer.WriteString("circuit", p.Circuit switch { CircuitState.Open => "open", CircuitState.HalfOpen => "half-open", _ => "closed" });
            WriteTime(writer, "open_until", p.OpenUntil);
            WriteTime(writer, "cooling_until", p.CoolingUntil);
            writer.WriteNumber("decayed_successes", Math.Round(p.DecayedSuccesses, 3));
            writer.WriteNumber("decayed_failures", Math.Round(p.DecayedFailures, 3));
            WriteNumber(writer, "success_rate", p.SuccessRate);
            WriteNumber(writer, "average_latency_ms", p.AverageLatencyMs);
            WriteNumber(writer, "average_first_token_ms", p.AverageFirstTokenMs);
            writer.WriteNumber("consecutive_failures", p.ConsecutiveFailures);
            writer.WriteNumber("requests", p.Requests);
            writer.WriteNumber("errors", p.Errors);
            WriteTime(writer, "last_used", p.LastUsed);
            writer.WriteString("source", p.Source);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Math.Round(number, 3));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
