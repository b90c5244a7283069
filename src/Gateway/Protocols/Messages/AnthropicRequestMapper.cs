using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// OpenAI chat request to Anthropic Messages request (pure): system and developer messages into <c>system</c>,
/// turns merged so roles alternate, image parts, tools and tool calls and results as <c>tool_use</c> /
/// <c>tool_result</c> blocks, <c>max_tokens</c> (a default when absent), <c>temperature</c>, <c>top_p</c>,
/// <c>stop</c>, <c>user</c>, <c>response_format</c> (<see cref="AnthropicStructuredOutput"/>), <c>parallel_tool_calls</c>,
/// <c>reasoning_effort</c> as extended thinking (<see cref="AnthropicThinking"/>).
/// <c>n</c> above 1 and log probabilities cannot be honoured and fail the mapping (routing leaves Anthropic out for them
/// first). Other parameters (sampling hints such as <c>seed</c>, <c>presence_penalty</c>) are dropped and reported in <see cref="Dropped"/>.
/// </summary>
internal sealed class AnthropicRequestMapper(int defaultMaxTokens)
{
    /// <summary>Parameters of the last mapped request that Anthropic has no equivalent for.</summary>
    public List<string> Dropped { get; } = [];

    public byte[] Map(ReadOnlySpan<byte> openAIBody, string model, bool stream)
    {
        using var document = Parse(openAIBody);
        var root = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(openAIBody.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            var thinking = AnthropicThinking.Budget(root, MaxTokens(root), HasMaxTokens(root), Dropped);
            writer.WriteNumber("max_tokens", thinking.MaxTokens);
            if (thinking.BudgetTokens > 0)
            {
                writer.WriteStartObject("thinking");
                writer.WriteString("type", "enabled");
                writer.WriteNumber("budget_tokens", thinking.BudgetTokens);
                writer.WriteEndObject();
            }

            WriteSystem(writer, root.GetProperty("messages"));
            AnthropicMessages.Write(writer, root.GetProperty("messages"));
            if (stream)
            {
                writer.WriteBoolean("stream", true);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (thinking.BudgetTokens > 0 && property.Name is "temperature" or "top_p")
                {
                    // Anthropic takes no sampling changes with thinking on.
                    Dropped.Add(property.Name);
                    continue;
                }

                WriteParameter(writer, property, root);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
        return JsonDocument.ParseValue(ref reader);
    }

    private int MaxTokens(JsonElement root)
    {
        foreach (var name in new[] { "max_completion_tokens", "max_tokens" })
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0)
            {
                return tokens;
            }
        }

        return defaultMaxTokens;
    }

    private static bool HasMaxTokens(JsonElement root) =>
        root.TryGetProperty("max_completion_tokens", out var a) && a.ValueKind == JsonValueKind.Number || root.TryGetProperty("max_tokens", out var b) && b.ValueKind == JsonValueKind.Number;

    /// <summary><c>parallel_tool_calls: false</c>, which Anthropic says as <c>disable_parallel_tool_use</c> on the tool choice.</summary>
    private static bool ParallelToolCalls(JsonElement root) =>
        !(root.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind == JsonValueKind.False);

    private static void WriteSystem(Utf8JsonWriter writer, JsonElement messages)
    {
        var parts = messages.EnumerateArray()
            .Where(m => m.TryGetProperty("role", out var role) && role.GetString() is "system" or "developer")
            .Select(m => AnthropicMessages.Text(m.GetProperty("content")))
            .Where(t => t.Length > 0)
            .ToList();
        if (parts.Count > 0)
        {
            writer.WriteString("system", string.Join("\n\n", parts));
        }
    }

    private void WriteParameter(Utf8JsonWriter writer, JsonProperty property, JsonElement root)
    {
        switch (property.Name)
        {
            case "temperature" or "top_p" when property.Value.ValueKind == JsonValueKind.Number:
                // OpenAI's temperature goes to 2, Anthropic's to 1.
                writer.WriteNumber(property.Name, property.Name == "temperature" ? Math.Min(property.Value.GetDouble(), 1) : property.Value.GetDouble());
                break;
            case "stop" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Array:
                writer.WriteStartArray("stop_sequences");
                foreach (var stop in property.Value.ValueKind == JsonValueKind.String ? [property.Value] : property.Value.EnumerateArray().ToArray())
                {
                    writer.WriteStringValue(stop.GetString());
                }

                writer.WriteEndArray();
                break;
            case "user" when property.Value.ValueKind == JsonValueKind.String:
                writer.WriteStartObject("metadata");
                writer.WriteString("user_id", property.Value.GetString());
                writer.WriteEndObject();
                break;
            case "tools" when property.Value.ValueKind == JsonValueKind.Array:
                AnthropicTools.WriteTools(writer, property.Value);
                break;
            case "tool_choice":
                AnthropicTools.WriteToolChoice(writer, property.Value, ParallelToolCalls(root));
                break;
            case "response_format" when AnthropicStructuredOutput.AsksForJson(property.Value):
                AnthropicStructuredOutput.Write(writer, property.Value, root);
                break;
            case "n" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var n) && n > 1:
                throw new TranslationException("'n' above 1 has no Anthropic equivalent.");
            case "logprobs" when property.Value.ValueKind == JsonValueKind.True:
            case "top_logprobs" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var top) && top > 0:
                throw new TranslationException($"'{property.Name}' has no Anthropic equivalent.");
            case "response_format" or "n" or "logprobs" or "top_logprobs" or "parallel_tool_calls":
                break;
            case "stream" or "max_tokens" or "max_completion_tokens" or "temperature" or "top_p" or "stop" or "user" or "reasoning_effort":
                break;
            default:
                if (property.Name is not ("model" or "messages" or "stream_options"))
                {
                    Dropped.Add(property.Name);
                }

                break;
        }
    }
}
