using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Accounts.Ledger;

/// <summary>How the usage views write a ledger row's sums (cost in USD, from exact micro-USD).</summary>
internal static class LedgerJson
{
    public static void WriteSums(Utf8JsonWriter writer, LedgerRow sum)
    {
        writer.WriteNumber("requests", sum.Requests);
        writer.WriteNumber("prompt_tokens", sum.PromptTokens);
        writer.WriteNumber("completion_tokens", sum.CompletionTokens);
        writer.WriteNumber("cached_tokens", sum.CachedTokens);
        writer.WriteNumber("cost_usd", sum.CostMicroUsd / 1_000_000m);
        writer.WriteNumber("errors", sum.Errors);
    }
}
