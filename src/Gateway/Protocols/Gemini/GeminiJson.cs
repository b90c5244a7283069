using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>Reading and writing helpers shared by the Gemini mappers.</summary>
internal static class GeminiJson
{
    /// <summary>JSON written for API clients, not HTML: quotes and non-ASCII text stay as they are.</summary>
    /// <summary>A property's string value, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A property's value, or an undefined element when the element is no object or lacks it.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A property's whole-number value, or 0 when it is absent or not a number.</summary>
    public static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    /// <summary>The elements of an array property; a present value of another kind is the client's error, named by <paramref name="where"/>.</summary>
    public static JsonElement.ArrayEnumerator Array(JsonElement element, string name, string where) =>
        Property(element, name) switch
        {
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray(),
            { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => default,
            _ => throw new TranslationException($"'{name}' of {where} must be an array."),
        };

    /// <summary>A JSON value written compactly (a call's <c>args</c> as chat-completions <c>arguments</c>).</summary>
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
