using System.Text.Json;

namespace Gateway.Usage;

/// <summary>
/// Finds the last <c>"usage":{...}</c> object in some bytes (the tail of a body, or one SSE event) and reads
/// <c>prompt_tokens</c> and <c>completion_tokens</c> (Anthropic's <c>input_tokens</c> and <c>output_tokens</c>) from it,
/// without parsing anything else; in bytes without one, Gemini's <c>"usageMetadata"</c> (<c>promptTokenCount</c>, and
/// <c>candidatesTokenCount</c> plus <c>thoughtsTokenCount</c> as the completion).
/// </summary>
internal static class UsageParser
{
    public static TokenUsage? FindLast(ReadOnlySpan<byte> bytes)
    {
        return FindLast(bytes, "\"usage\""u8) ?? FindLast(bytes, "\"usageMetadata\""u8);
    }

    private static TokenUsage? FindLast(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key)
    {
        var at = bytes.LastIndexOf(key);
        while (at >= 0)
        {
            if (TryRead(bytes[(at + key.Length)..], out var usage))
            {
                return usage;
            }

            at = bytes[..at].LastIndexOf(key);
        }

        return null;
    }

    private static bool TryRead(ReadOnlySpan<byte> afterKey, out TokenUsage usage)
    {
        usage = default;
        var colon = afterKey.IndexOfAnyExcept(" \t\r\n"u8);
        if (colon < 0 || afterKey[colon] != (byte)':')
        {
            return false;
        }

        var value = afterKey[(colon + 1)..];
        var open = value.IndexOfAnyExcept(" \t\r\n"u8);
        if (open < 0 || value[open] != (byte)'{')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(value[open..], isFinalBlock: false, state: default);
            long prompt = -1, completion = -1;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPrompt = reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8) || reader.ValueTextEquals("promptTokenCount"u8);
                var isCompletion = reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8)
                    || reader.ValueTextEquals("candidatesTokenCount"u8) || reader.ValueTextEquals("thoughtsTokenCount"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isPrompt && reader.TokenType == JsonTokenType.Number)
                {
                    prompt = reader.GetInt64();
                }
                else if (isCompletion && reader.TokenType == JsonTokenType.Number)
                {
                    completion = Math.Max(completion, 0) + reader.GetInt64(); // Gemini's candidates and thoughts add up
                }
                else if (!reader.TrySkip())
                {
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || prompt < 0)
            {
                return false;
            }

            usage = new TokenUsage(prompt, Math.Max(completion, 0));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
