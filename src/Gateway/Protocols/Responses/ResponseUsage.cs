using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>A chat completion's <c>usage</c> in the Responses shape (input and output tokens, cached and reasoning details).</summary>
internal readonly record struct ResponseUsage(long InputTokens, long CachedTokens, long OutputTokens, long ReasoningTokens, long TotalTokens)
{
    /// <summary>Reads a chat <c>usage</c> object; null when there is none.</summary>
    public static ResponseUsage? FromChat(JsonElement chunk)
    {
        if (!ResponsesJson.Has(chunk, "usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = ResponsesJson.Number(usage, "prompt_tokens");
        var output = ResponsesJson.Number(usage, "completion_tokens");
        var total = ResponsesJson.Number(usage, "total_tokens");
        return new ResponseUsage(
            input,
            usage.TryGetProperty("prompt_tokens_details", out var inputDetails) ? ResponsesJson.Number(inputDetails, "cached_tokens") : 0,
            output,
            usage.TryGetProperty("completion_tokens_details", out var outputDetails) ? ResponsesJson.Number(outputDetails, "reasoning_tokens") : 0,
            total > 0 ? total : input + output);
    }

    /// <summary>A typed chat usage (from a stream chunk).</summary>
    public static ResponseUsage FromChat(Chat.ChatUsage usage) => new(
        usage.PromptTokens, usage.CachedTokens, usage.CompletionTokens, usage.ReasoningTokens,
        usage.TotalTokens > 0 ? usage.TotalTokens : usage.PromptTokens + usage.CompletionTokens);

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", InputTokens);
        writer.WriteStartObject("input_tokens_details");
        writer.WriteNumber("cached_tokens", CachedTokens);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", OutputTokens);
        writer.WriteStartObject("output_tokens_details");
        writer.WriteNumber("reasoning_tokens", ReasoningTokens);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens", TotalTokens);
        writer.WriteEndObject();
    }
}
