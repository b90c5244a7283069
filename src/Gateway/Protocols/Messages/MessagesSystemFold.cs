using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// For an Anthropic provider, which takes the system prompt only in <c>system</c>: the <c>role: "system"</c> messages
/// the Anthropic SDK lets a client put inside <c>messages</c> (Claude Code does) folded into <c>system</c>, in order,
/// after the request's own system prompt, as text blocks (each keeps its <c>cache_control</c>). Everything else is
/// written as it came. Chat providers keep system messages in place (<see cref="MessagesRequestMapper"/>).
/// </summary>
internal static class MessagesSystemFold
{
    /// <summary>The body with its system messages folded, or null when it has none (the common case: nothing is parsed).</summary>
    public static byte[]? Fold(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\"system\""u8) < 0 || !HasSystemMessage(body))
        {
            return null;
        }

        var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var messages = root.GetProperty("messages");
        var buffer = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            var systemWritten = false;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("system") || property.NameEquals("messages"))
                {
                    if (!systemWritten)
                    {
                        WriteSystem(writer, root, messages);
                        systemWritten = true;
                    }

                    if (property.NameEquals("messages"))
                    {
                        WriteMessages(writer, messages);
                    }

                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Whether some element of <c>messages</c> has the role system (a reader pass, no document).</summary>
    private static bool HasSystemMessage(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessages = reader.ValueTextEquals("messages"u8);
            reader.Read();
            if (!isMessages || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isRole = reader.ValueTextEquals("role"u8);
                    reader.Read();
                    if (isRole && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("system"u8))
                    {
                        return true;
                    }

                    reader.Skip();
                }
            }

            return false;
        }

        return false;
    }

    private static void WriteSystem(Utf8JsonWriter writer, JsonElement root, JsonElement messages)
    {
        writer.WriteStartArray("system");
        if (root.TryGetProperty("system", out var system))
        {
            WriteBlocks(writer, system);
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (MessagesJson.String(message, "role") == "system" && message.TryGetProperty("content", out var content))
            {
                WriteBlocks(writer, content);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>A string as one text block; an array's blocks as they are.</summary>
    private static void WriteBlocks(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            if (content.GetString() is { Length: > 0 } text)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                block.WriteTo(writer);
            }
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages)
    {
        writer.WriteStartArray("messages");
        foreach (var message in messages.EnumerateArray())
        {
            if (MessagesJson.String(message, "role") != "system")
            {
                message.WriteTo(writer);
            }
        }

        writer.WriteEndArray();
    }
}
