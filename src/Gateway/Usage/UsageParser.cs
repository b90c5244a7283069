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

    /// <summary>Reads <c>cached_tokens</c> from a details object (the reader on its start), leaving the reader on its end.</summary>
    private static bool TryReadCached(ref Utf8JsonReader reader, out long cached)
    {
        cached = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCached = reader.ValueTextEquals("cached_tokens"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isCached && reader.TokenType == JsonTokenType.Number)
            {
                cached = reader.GetInt64();
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
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
            long prompt = -1, completion = -1, cached = 0, cacheRead = 0, cacheWrite = 0;
            var promptExcludesCache = false;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Prompt-cache counts: OpenAI's details object (chat and Responses), Anthropic's two fields beside input_tokens.
                if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        if (!TryReadCached(ref reader, out var details))
                        {
                            return false;
                        }

                        cached = details;
                    }
                    else if (!reader.TrySkip())
                    {
                        return false;
                    }

                    continue;
                }

                var isCacheRead = reader.ValueTextEquals("cache_read_input_tokens"u8) || reader.ValueTextEquals("cachedContentTokenCount"u8);
                var isCacheWrite = reader.ValueTextEquals("cache_creation_input_tokens"u8);
                if (isCacheRead || isCacheWrite)
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.Number && isCacheRead)
                    {
                        cacheRead = reader.GetInt64();
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        cacheWrite = reader.GetInt64();
                    }

                    continue;
                }

                promptExcludesCache |= reader.ValueTextEquals("input_tokens"u8);
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

            // Anthropic's input_tokens leaves out what was read from or written to the cache; Gemini's cached count is inside.
            var (read, write) = (cached > 0 ? cached : cacheRead, cacheWrite);
            if (promptExcludesCache && (cacheRead > 0 || cacheWrite > 0))
            {
                prompt += cacheRead + cacheWrite;
            }

            usage = new TokenUsage(prompt, Math.Max(completion, 0), Math.Clamp(read, 0, prompt), Math.Clamp(write, 0, prompt));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
