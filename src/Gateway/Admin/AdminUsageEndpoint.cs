using System.Text.Json;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET /admin/usage</c>: tokens and estimated cost per provider and model, since start and recent (5-minute
/// half-life); with <c>from</c>, <c>to</c> or <c>group_by</c>, the ledger's view (<see cref="AdminLedgerUsage"/>).
/// </summary>
internal sealed class AdminUsageEndpoint(UsageTracker tracker, AdminLedgerUsage ledger)
{
    public async Task GetAsync(HttpContext context)
    {
        if (AdminLedgerUsage.Asked(context.Request))
        {
            await ledger.GetAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("usage");
        foreach (var u in tracker.Snapshot())
        {
            writer.WriteStartObject();
            writer.WriteString("provider", u.Provider);
            writer.WriteString("model", u.Model);
            writer.WriteNumber("responses", u.Responses);
            writer.WriteNumber("prompt_tokens", u.PromptTokens);
            writer.WriteNumber("completion_tokens", u.CompletionTokens);
            writer.WriteNumber("cost_usd", Math.Round(u.CostUsd, 8));
            writer.WriteStartObject("recent");
            writer.WriteNumber("prompt_tokens", Math.Round(u.RecentPromptTokens, 3));
            writer.WriteNumber("completion_tokens", Math.Round(u.RecentCompletionTokens, 3));
            writer.WriteNumber("cost_usd", Math.Round(u.RecentCostUsd, 8));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
