using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// <c>generationConfig</c>: temperature, topP, maxOutputTokens (<c>max_tokens</c>), stopSequences (<c>stop</c>),
/// candidateCount (<c>n</c>), presence and frequency penalties, seed; a JSON <c>responseMimeType</c> with
/// <c>responseJsonSchema</c> or <c>responseSchema</c> as <c>response_format</c> json_schema (without a schema,
/// json_object); <c>thinkingConfig</c> as <c>reasoning_effort</c>. Output modalities other than text are refused.
/// </summary>
internal static partial class GeminiRequestMapper
{
    private static void WriteConfig(Utf8JsonWriter writer, JsonElement config, MapState state)
    {
        foreach (var property in config.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "temperature":
                    Number(writer, "temperature", value);
                    break;
                case "topP":
                    Number(writer, "top_p", value);
                    break;
                case "maxOutputTokens":
                    Number(writer, "max_tokens", value);
                    break;
                case "presencePenalty":
                    Number(writer, "presence_penalty", value);
                    break;
                case "frequencyPenalty":
                    Number(writer, "frequency_penalty", value);
                    break;
                case "seed":
                    Number(writer, "seed", value);
                    break;
                case "candidateCount" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n):
                    if (n > 1)
                    {
                        state.Kinds |= ContentKinds.ManyChoices;
                        writer.WriteNumber("n", n);
                    }

                    break;
                case "stopSequences" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                    writer.WriteStartArray("stop");
                    foreach (var stop in value.EnumerateArray())
                    {
                        writer.WriteStringValue(stop.ValueKind == JsonValueKind.String ? stop.GetString() : throw new TranslationException("'stopSequences' must be strings."));
                    }

                    writer.WriteEndArray();
                    break;
                case "responseModalities" when value.ValueKind == JsonValueKind.Array:
                    if (value.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || !m.GetString()!.Equals("TEXT", StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new TranslationException("Only TEXT can be in 'responseModalities': the gateway's providers answer in text.");
                    }

                    break;
                default:
                    // responseMimeType and the schemas: below. topK, safety, speech, media resolution, logprobs: no
                    // chat-completions equivalent every provider honours, so left out.
                    break;
            }
        }

        WriteResponseFormat(writer, config);
        WriteReasoningEffort(writer, GeminiJson.Property(config, "thinkingConfig"));
    }

    private static void Number(Utf8JsonWriter writer, string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            throw new TranslationException($"'generationConfig' has a '{name}' that is not a number.");
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, JsonElement config)
    {
        var mime = GeminiJson.String(config, "responseMimeType");
        if (mime is null || mime.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!mime.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new TranslationException($"'responseMimeType' '{mime}' has no chat-completions form (text/plain and application/json do).");
        }

        var jsonSchema = GeminiJson.Property(config, "responseJsonSchema");
        var schema = GeminiJson.Property(config, "responseSchema");
        writer.WriteStartObject("response_format");
        if (jsonSchema.ValueKind != JsonValueKind.Object && schema.ValueKind != JsonValueKind.Object)
        {
            writer.WriteString("type", "json_object");
            writer.WriteEndObject();
            return;
        }

        writer.WriteString("type", "json_schema");
        writer.WriteStartObject("json_schema");
        writer.WriteString("name", "response");
        writer.WritePropertyName("schema");
        if (jsonSchema.ValueKind == JsonValueKind.Object)
        {
            jsonSchema.WriteTo(writer);
        }
        else
        {
            GeminiSchema.Write(writer, schema);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>thinkingLevel</c> (MINIMAL, LOW, MEDIUM, HIGH) as the same effort; a <c>thinkingBudget</c> of 1 to 1024 tokens
    /// low, to 8192 medium, above high, -1 (the model decides) medium; 0 (thinking off) and no config: no effort asked.
    /// </summary>
    private static void WriteReasoningEffort(Utf8JsonWriter writer, JsonElement thinking)
    {
        string? effort = null;
        if (GeminiJson.String(thinking, "thinkingLevel") is { } level)
        {
            effort = level.ToUpperInvariant() switch
            {
                "MINIMAL" => "minimal",
                "LOW" => "low",
                "MEDIUM" => "medium",
                "HIGH" => "high",
                "THINKING_LEVEL_UNSPECIFIED" => null,
                _ => throw new TranslationException($"'thinkingLevel' '{level}' is not MINIMAL, LOW, MEDIUM or HIGH."),
            };
        }
        else if (GeminiJson.Property(thinking, "thinkingBudget") is { ValueKind: JsonValueKind.Number } budget && budget.TryGetInt64(out var tokens))
        {
            effort = tokens switch
            {
                < 0 => "medium",
                0 => null,
                <= 1024 => "low",
                <= 8192 => "medium",
                _ => "high",
            };
        }

        if (effort is not null)
        {
            writer.WriteString("reasoning_effort", effort);
        }
    }
}
