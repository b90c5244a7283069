using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// OpenAI messages to Anthropic messages: user and assistant turns (tool results count as user turns) with
/// consecutive same-role turns merged into one, since Anthropic requires roles to alternate.
/// </summary>
internal static class AnthropicMessages
{
    public static void Write(Utf8JsonWriter writer, JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("'messages' must be an array.");
        }

        writer.WriteStartArray("messages");
        string? open = null;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) ? r.GetString() : null;
            var anthropicRole = role switch
            {
                "user" or "tool" or "function" => "user",
                "assistant" => "assistant",
                "system" or "developer" => null,
                _ => throw new TranslationException($"Unknown message role '{role}'."),
            };
            if (anthropicRole is null)
            {
                continue;
            }

            if (open != anthropicRole)
            {
                if (open is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role", anthropicRole);
                writer.WriteStartArray("content");
                open = anthropicRole;
            }

            WriteBlocks(writer, role!, message);
        }

        if (open is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The text of a content value (a string, or the text parts of an array).</summary>
    public static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text")
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static void WriteBlocks(Utf8JsonWriter writer, string role, JsonElement message)
    {
        message.TryGetProperty("content", out var content);
        if (role is "tool" or "function")
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_result");
            writer.WriteString("tool_use_id", message.TryGetProperty("tool_call_id", out var id) ? id.GetString() : message.TryGetProperty("name", out var name) ? name.GetString() : "");
            writer.WriteString("content", Text(content));
            writer.WriteEndObject();
            return;
        }

        if (content.ValueKind == JsonValueKind.String && content.GetString()!.Length > 0)
        {
            WriteText(writer, content.GetString()!);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                WritePart(writer, part);
            }
        }

        if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                AnthropicTools.WriteToolUse(writer, call);
            }
        }
    }

    private static void WritePart(Utf8JsonWriter writer, JsonElement part)
    {
        var type = part.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "text":
                WriteText(writer, part.GetProperty("text").GetString() ?? "");
                break;
            case "image_url":
                WriteImage(writer, part.GetProperty("image_url"));
                break;
            default:
                throw new TranslationException($"Content part type '{type}' is not supported by this provider.");
        }
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>An image by URL, or a <c>data:</c> URL as base64 with its media type.</summary>
    private static void WriteImage(Utf8JsonWriter writer, JsonElement image)
    {
        var value = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var nested) ? nested : image;
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } url)
        {
            throw new TranslationException("'image_url.url' must be a non-empty string.");
        }

        writer.WriteStartObject();
        writer.WriteString("type", "image");
        writer.WriteStartObject("source");
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma > 5 ? url[5..comma] : "";
            if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new TranslationException("Image data URLs must be base64 encoded (data:<media type>;base64,...).");
            }

            writer.WriteString("type", "base64");
            writer.WriteString("media_type", header[..^7]);
            writer.WriteString("data", url[(comma + 1)..]);
        }
        else
        {
            writer.WriteString("type", "url");
            writer.WriteString("url", url);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
