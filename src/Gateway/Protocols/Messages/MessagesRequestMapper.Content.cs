using System.Text;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>Text, images and tool results.</summary>
internal static partial class MessagesRequestMapper
{
    /// <summary>
    /// A <c>tool_result</c> as a <c>tool</c> message: its text blocks joined, and <c>is_error</c> said in the text
    /// (chat completions has no error flag, and the model should know the call failed). Chat tool messages hold
    /// text only, so the result's images go in the user message that follows; returns whether there were any.
    /// </summary>
    private static bool WriteToolResult(Utf8JsonWriter writer, JsonElement block)
    {
        var id = MessagesJson.RequiredString(block, "tool_use_id", "a tool_result block");
        var content = block.TryGetProperty("content", out var c) ? c : default;
        var images = false;
        var text = content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => ToolResultText(content, out images),
            JsonValueKind.Undefined or JsonValueKind.Null => "",
            _ => throw new TranslationException("A tool_result's 'content' must be a string or an array of blocks."),
        };
        if (text.Length == 0 && images)
        {
            text = "(The result is the image that follows.)";
        }

        if (block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            text = "Error: " + text;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", id);
        writer.WriteString("content", text);
        writer.WriteEndObject();
        return images;
    }

    private static string ToolResultText(JsonElement content, out bool images)
    {
        images = false;
        foreach (var block in content.EnumerateArray())
        {
            switch (MessagesJson.BlockType(block))
            {
                case "text":
                    break;
                case "image":
                    images = true;
                    break;
                case var type:
                    throw Unsupported(type);
            }
        }

        return JoinText(content, null);
    }

    /// <summary>
    /// The text of the text blocks, joined; with <paramref name="onlyTextIn"/> (the field's name) any other block is
    /// an error. <c>cache_control</c> and <c>citations</c> on a block are left out: providers cache prefixes themselves.
    /// </summary>
    private static string JoinText(JsonElement blocks, string? onlyTextIn)
    {
        var text = new StringBuilder();
        foreach (var block in blocks.EnumerateArray())
        {
            if (MessagesJson.BlockType(block) != "text")
            {
                if (onlyTextIn is not null)
                {
                    throw new TranslationException($"'{onlyTextIn}' may hold text blocks only.");
                }

                continue;
            }

            var part = MessagesJson.RequiredString(block, "text", "a text block");
            if (part.Length > 0)
            {
                text.Append(text.Length > 0 ? Separator : "").Append(part);
            }
        }

        return text.ToString();
    }

    /// <summary>A user turn with images as content parts, in order; a tool result's images where the result was.</summary>
    private static void WriteParts(Utf8JsonWriter writer, JsonElement content)
    {
        foreach (var block in content.EnumerateArray())
        {
            switch (MessagesJson.BlockType(block))
            {
                case "text" when MessagesJson.RequiredString(block, "text", "a text block") is { Length: > 0 } text:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                    break;
                case "image":
                    WriteImage(writer, block);
                    break;
                case "tool_result" when block.TryGetProperty("content", out var result) && result.ValueKind == JsonValueKind.Array:
                    foreach (var image in result.EnumerateArray().Where(b => MessagesJson.String(b, "type") == "image"))
                    {
                        WriteImage(writer, image);
                    }

                    break;
            }
        }
    }

    /// <summary>An image block as an <c>image_url</c> part: base64 data as a <c>data:</c> URL, a URL as it is.</summary>
    private static void WriteImage(Utf8JsonWriter writer, JsonElement block)
    {
        var source = block.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : throw new TranslationException("An image block needs a 'source' object.");
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WritePropertyName("url");
        switch (MessagesJson.String(source, "type"))
        {
            case "base64":
                var mediaType = MessagesJson.RequiredString(source, "media_type", "an image source");
                // Written in pieces: the base64 data (often megabytes) is not copied into one more string.
                writer.WriteStringValueSegment(("data:" + mediaType + ";base64,").AsSpan(), isFinalSegment: false);
                writer.WriteStringValueSegment(MessagesJson.RequiredString(source, "data", "an image source").AsSpan(), isFinalSegment: true);
                break;
            case "url":
                writer.WriteStringValue(MessagesJson.RequiredString(source, "url", "an image source"));
                break;
            case var type:
                throw new TranslationException($"Image source type '{type}' has no chat-completions form (base64 and url do).");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
