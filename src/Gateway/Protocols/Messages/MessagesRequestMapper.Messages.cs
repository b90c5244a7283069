using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>The system prompt and the turns.</summary>
internal static partial class MessagesRequestMapper
{
    /// <summary>Text blocks joined with a blank line, as one string: the form every chat-completions provider takes.</summary>
    private const string Separator = "\n\n";

    private static void WriteSystem(Utf8JsonWriter writer, JsonElement system)
    {
        var text = system.ValueKind switch
        {
            JsonValueKind.String => system.GetString()!,
            JsonValueKind.Array => JoinText(system, "system"),
            JsonValueKind.Null => "",
            _ => throw new TranslationException("'system' must be a string or an array of text blocks."),
        };
        if (text.Length > 0)
        {
            WriteMessage(writer, "system", text);
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("'messages' must be an array.");
        }

        foreach (var message in messages.EnumerateArray())
        {
            var role = MessagesJson.String(message, "role");
            var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) ? c : default;
            if (content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                throw new TranslationException("Each message's 'content' must be a string or an array of content blocks.");
            }

            switch (role)
            {
                case "user":
                    WriteUser(writer, content);
                    break;
                case "assistant":
                    WriteAssistant(writer, content);
                    break;
                case "system":
                    // The Anthropic SDK types a system message inside 'messages' (Claude Code sends them): chat takes
                    // system messages anywhere, so it stays where it is.
                    WriteSystem(writer, content);
                    break;
                default:
                    throw new TranslationException($"Message role '{role}' is not 'user', 'assistant' or 'system'.");
            }
        }
    }

    /// <summary>
    /// A user turn: each <c>tool_result</c> becomes a <c>tool</c> message, written first because chat completions
    /// needs tool results right after the assistant's tool calls; the turn's text and images follow as one user message.
    /// </summary>
    private static void WriteUser(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteMessage(writer, "user", content.GetString()!);
            return;
        }

        bool hasText = false, hasImages = false;
        foreach (var block in content.EnumerateArray())
        {
            switch (MessagesJson.BlockType(block))
            {
                case "text":
                    hasText = true;
                    break;
                case "image":
                    hasImages = true;
                    break;
                case "tool_result":
                    hasImages |= WriteToolResult(writer, block);
                    break;
                case "thinking" or "redacted_thinking":
                    // Only assistant turns hold thinking; dropped here for the same reason as there.
                    break;
                case var type:
                    throw Unsupported(type);
            }
        }

        if (hasImages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteStartArray("content");
            WriteParts(writer, content);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else if (hasText && JoinText(content, null) is { Length: > 0 } text)
        {
            WriteMessage(writer, "user", text);
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static TranslationException Unsupported(string type) => new(type switch
    {
        "document" => "Content block type 'document' (PDF or text documents) has no chat-completions form.",
        "image" => "Image blocks are only allowed in user turns.",
        _ => $"Content block type '{type}' has no chat-completions form.",
    });
}
