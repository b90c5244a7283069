using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>The pieces of a Gemini response both the whole-body and the stream mapper write: parts, calls and usage metadata.</summary>
internal static class GeminiParts
{
    public static void Text(Utf8JsonWriter writer, string text, bool thought = false)
    {
        writer.WriteStartObject();
        writer.WriteString("text", text);
        if (thought)
        {
            writer.WriteBoolean("thought", true);
        }

        writer.WriteEndObject();
    }

    /// <summary>A <c>functionCall</c> part; <paramref name="arguments"/> (chat's JSON text) becomes <c>args</c>, <c>{}</c> when it is no JSON object.</summary>
    public static void Call(Utf8JsonWriter writer, string? id, string name, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionCall");
        if (!string.IsNullOrEmpty(id))
        {
            writer.WriteString("id", id);
        }

        writer.WriteString("name", name);
        writer.WritePropertyName("args");
        if (!TryWriteObject(writer, arguments))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Chat's <c>usage</c> as <c>usageMetadata</c>: prompt tokens (and the cached among them), candidates tokens without
    /// the reasoning tokens, which Gemini counts apart as <c>thoughtsTokenCount</c>, and the total.
    /// </summary>
    public static void Usage(Utf8JsonWriter writer, long prompt, long completion, long reasoning, long cached)
    {
        writer.WriteStartObject("usageMetadata");
        writer.WriteNumber("promptTokenCount", prompt);
        writer.WriteNumber("candidatesTokenCount", Math.Max(0, completion - reasoning));
        writer.WriteNumber("totalTokenCount", prompt + completion);
        if (reasoning > 0)
        {
            writer.WriteNumber("thoughtsTokenCount", reasoning);
        }

        if (cached > 0)
        {
            writer.WriteNumber("cachedContentTokenCount", cached);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads chat's usage object: prompt, completion, reasoning and cached tokens.</summary>
    public static (long Prompt, long Completion, long Reasoning, long Cached) ChatUsage(JsonElement usage) =>
        (GeminiJson.Number(usage, "prompt_tokens"), GeminiJson.Number(usage, "completion_tokens"),
         GeminiJson.Number(GeminiJson.Property(usage, "completion_tokens_details"), "reasoning_tokens"),
         GeminiJson.Number(GeminiJson.Property(usage, "prompt_tokens_details"), "cached_tokens"));

    private static bool TryWriteObject(Utf8JsonWriter writer, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            document.RootElement.WriteTo(writer);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
