using Gateway.Telemetry;

namespace Gateway.Usage;

/// <summary>Turns a response's usage into token and cost metrics and admin statistics. Missing usage is counted as missing, never guessed.</summary>
internal sealed class UsageRecorder(GatewayMetrics metrics, PriceTable prices, UsageTracker tracker)
{
    public void Record(string provider, string model, string modelLabel, TokenUsage? usage)
    {
        if (usage is not { } tokens)
        {
            metrics.UsageMissing.Add(1, GatewayMetrics.Tags("provider", provider, "model", modelLabel));
            return;
        }

        metrics.Tokens.Add(tokens.PromptTokens, GatewayMetrics.Tags("provider", provider, "model", modelLabel, "type", "prompt"));
        metrics.Tokens.Add(tokens.CompletionTokens, GatewayMetrics.Tags("provider", provider, "model", modelLabel, "type", "completion"));
        if (tokens.CachedTokens > 0)
        {
            metrics.Tokens.Add(tokens.CachedTokens, GatewayMetrics.Tags("provider", provider, "model", modelLabel, "type", "cached_read"));
        }

        if (tokens.CacheWriteTokens > 0)
        {
            metrics.Tokens.Add(tokens.CacheWriteTokens, GatewayMetrics.Tags("provider", provider, "model", modelLabel, "type", "cache_write"));
        }
        var cost = prices.Cost(provider, model, tokens);
        if (cost is { } usd)
        {
            metrics.Cost.Add(usd, GatewayMetrics.Tags("provider", provider, "model", modelLabel));
        }
        else
        {
            metrics.PriceMissing.Add(1, GatewayMetrics.Tags("provider", provider, "model", modelLabel));
        }

        tracker.Add(provider, modelLabel, tokens, cost ?? 0);
    }
}
