using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// An Anthropic Messages request as an OpenAI chat-completions request (pure): <c>system</c> as a system message,
/// user and assistant turns with their text, images, tool calls and tool results, tools and tool choice, and the
/// sampling parameters. What has no chat-completions form (documents, server tools, files) throws
/// <see cref="TranslationException"/>, so the caller tries another provider; what has no effect there
/// (<c>top_k</c>, <c>cache_control</c>, earlier turns' thinking) is left out.
/// </summary>
internal static partial class MessagesRequestMapper
{
    /// <summary>The chat-completions body, with <paramref name="model"/>, <c>stream</c>, and usage asked for when streaming.</summary>
    public static byte[] Map(ReadOnlySpan<byte> messagesBody, string model, bool stream)
    {
        try
        {
            return MapCore(messagesBody, model, stream);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // A shape the checks below did not name (a number where an object belongs): still the client's input.
            throw new TranslationException("The request is not a valid Messages request: " + e.Message);
        }
    }

    private static byte[] MapCore(ReadOnlySpan<byte> body, string model, bool stream)
    {
        var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("The request body must be a JSON object.");
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            if (root.TryGetProperty("system", out var system))
            {
                WriteSystem(writer, system);
            }

            WriteMessages(writer, root.TryGetProperty("messages", out var messages) ? messages : default);
            writer.WriteEndArray();
            foreach (var property in root.EnumerateObject())
            {
                WriteParameter(writer, property);
            }

            WriteResponseFormat(writer, root);
            WriteReasoningEffort(writer, root);
            writer.WriteBoolean("stream", stream);
            if (stream)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteParameter(Utf8JsonWriter writer, JsonProperty property)
    {
        var value = property.Value;
        switch (property.Name)
        {
            case "max_tokens" or "temperature" or "top_p" when value.ValueKind == JsonValueKind.Number:
                writer.WritePropertyName(property.Name);
                value.WriteTo(writer);
                break;
            case "stop_sequences" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                writer.WriteStartArray("stop");
                foreach (var stop in value.EnumerateArray())
                {
                    writer.WriteStringValue(stop.ValueKind == JsonValueKind.String ? stop.GetString() : throw new TranslationException("'stop_sequences' must be strings."));
                }

                writer.WriteEndArray();
                break;
            case "metadata" when MessagesJson.String(value, "user_id") is { Length: > 0 } user:
                writer.WriteString("user", user);
                break;
            case "tools" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                WriteTools(writer, value);
                break;
            case "tool_choice" when value.ValueKind == JsonValueKind.Object:
                WriteToolChoice(writer, value);
                break;
            case "mcp_servers" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                throw new TranslationException("'mcp_servers' (MCP servers Anthropic connects to) has no chat-completions form.");
            case "container" when value.ValueKind != JsonValueKind.Null:
                throw new TranslationException("'container' (Anthropic's code execution container) has no chat-completions form.");
            default:
                // model, messages, system, stream: written above. thinking and output_config: reasoning_effort and response_format.
                // top_k: chat completions has no top-k sampling (OpenAI rejects the parameter), so it is left out.
                // service_tier, context_management, cache_control and the like are Anthropic's own: left out.
                break;
        }
    }
}
