using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// A chat.completion as an Anthropic message (pure): reasoning as a <c>thinking</c> block first, then the text
/// (and a refusal's text), then each tool call as a <c>tool_use</c> block; <c>stop_reason</c> from
/// <c>finish_reason</c> (<see cref="MessagesStopReason"/>); usage in Anthropic's terms (<see cref="MessagesUsage"/>).
/// </summary>
internal static class MessagesResponseMapper
{
    /// <summary>The message for <paramref name="chatCompletion"/>, reporting <paramref name="model"/>; <see cref="InvalidDataException"/> for a body that is not a chat.completion.</summary>
    public static byte[] Map(ReadOnlySpan<byte> chatCompletion, string model)
    {
        try
        {
            return MapCore(chatCompletion, model);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException("The provider's answer is not a chat.completion: " + e.Message, e);
        }
    }

    private static byte[] MapCore(ReadOnlySpan<byte> chatCompletion, string model)
    {
        var reader = new Utf8JsonReader(chatCompletion);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var message = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            ? choices[0]
            : default;
        var finish = MessagesJson.String(message, "finish_reason");
        message = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("message", out var m) ? m : default;
        var calls = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("tool_calls", out var c) && c.ValueKind == JsonValueKind.Array ? c : default;
        var buffer = new ArrayBufferWriter<byte>(chatCompletion.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "msg_" + (MessagesJson.String(root, "id") ?? "gateway"));
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", model);
            writer.WriteStartArray("content");
            if (Reasoning(message) is { Length: > 0 } reasoning)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "thinking");
                writer.WriteString("thinking", reasoning);
                writer.WriteString("signature", "");
                writer.WriteEndObject();
            }

            foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
            {
                if (MessagesJson.String(message, name) is { Length: > 0 } text)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                }
            }

            var called = calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
            if (called)
            {
                var position = 0;
                foreach (var call in calls.EnumerateArray())
                {
                    WriteToolUse(writer, call, (MessagesJson.String(root, "id") ?? "gateway") + "_" + position++);
                }
            }

            writer.WriteEndArray();
            writer.WriteString("stop_reason", MessagesStopReasons.FromChat(finish, called));
            writer.WriteNull("stop_sequence");
            MessagesUsage.From(root.TryGetProperty("usage", out var usage) ? usage : default).Write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The reasoning some OpenAI-compatible providers return: <c>reasoning_content</c> (DeepSeek, vLLM) or <c>reasoning</c> (OpenRouter, Ollama).</summary>
    public static string? Reasoning(JsonElement message) =>
        MessagesJson.String(message, "reasoning_content") is { Length: > 0 } content ? content : MessagesJson.String(message, "reasoning");

    /// <summary>
    /// A tool call as a <c>tool_use</c> block. Its <c>input</c> must be an object: arguments that do not parse as
    /// one (the model wrote broken JSON) become <c>{}</c>. The raw text is not kept: a property added to
    /// <c>input</c> would reach the tool as an argument it never declared, while <c>{}</c> fails the tool's own
    /// check of its required parameters, which agents report back to the model to try again.
    /// </summary>
    private static void WriteToolUse(Utf8JsonWriter writer, JsonElement call, string fallbackId)
    {
        var function = call.TryGetProperty("function", out var f) ? f : default;
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", MessagesJson.String(call, "id") ?? "toolu_" + fallbackId);
        writer.WriteString("name", MessagesJson.String(function, "name") ?? "");
        writer.WritePropertyName("input");
        var arguments = MessagesJson.String(function, "arguments");
        JsonDocument? input = null;
        try
        {
            input = string.IsNullOrWhiteSpace(arguments) ? null : JsonDocument.Parse(arguments);
        }
        catch (JsonException)
        {
            // Broken JSON from the model: {} below.
        }

        using (input)
        {
            if (input?.RootElement.ValueKind == JsonValueKind.Object)
            {
                input.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
    }
}
