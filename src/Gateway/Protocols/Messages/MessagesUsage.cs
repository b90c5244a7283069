using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Chat-completions usage in Anthropic's terms: Anthropic's <c>input_tokens</c> leave out the tokens read from the
/// prompt cache (reported apart as <c>cache_read_input_tokens</c>), so the cached tokens chat completions counts
/// inside <c>prompt_tokens</c> (<c>prompt_tokens_details.cached_tokens</c>) are taken out. Chat completions does not
/// say what it wrote to a cache: <c>cache_creation_input_tokens</c> is 0.
/// </summary>
internal readonly record struct MessagesUsage(long InputTokens, long CacheReadInputTokens, long OutputTokens)
{
    /// <summary>Reads a chat-completions <c>usage</c> object (absent or null: zeros).</summary>
    public static MessagesUsage From(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        var prompt = MessagesJson.Number(usage, "prompt_tokens");
        var cached = usage.TryGetProperty("prompt_tokens_details", out var details) ? Math.Clamp(MessagesJson.Number(details, "cached_tokens"), 0, prompt) : 0;
        return new(prompt - cached, cached, MessagesJson.Number(usage, "completion_tokens"));
    }

    /// <summary>Writes Anthropic's <c>usage</c> object, in the order Anthropic writes it.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", InputTokens);
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", CacheReadInputTokens);
        writer.WriteNumber("output_tokens", OutputTokens);
        writer.WriteEndObject();
    }
}
