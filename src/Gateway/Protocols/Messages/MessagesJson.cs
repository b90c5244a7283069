using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>Reading and writing helpers shared by the Messages mappers.</summary>
internal static class MessagesJson
{
    /// <summary>JSON written for API clients, not HTML: quotes and non-ASCII text stay as they are.</summary>
    /// <summary>A property's string value, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A string the client must send, with a message that names it when it is missing.</summary>
    public static string RequiredString(JsonElement element, string name, string where) =>
        String(element, name) ?? throw new TranslationException($"'{name}' of {where} must be a string.");

    /// <summary>A property's whole-number value, or 0 when it is absent or not a number.</summary>
    public static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    /// <summary>The <c>type</c> of a content block, which every block must have.</summary>
    public static string BlockType(JsonElement block) =>
        block.ValueKind == JsonValueKind.Object ? RequiredString(block, "type", "a content block") : throw new TranslationException("Content blocks must be objects.");

    /// <summary>A JSON value written compactly (a tool's input as chat-completions <c>arguments</c>).</summary>
    public static string Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
