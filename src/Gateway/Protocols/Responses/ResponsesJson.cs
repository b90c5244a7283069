using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>JSON helpers shared by the Responses mappers.</summary>
internal static class ResponsesJson
{
    public static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        // As deep as the ingress reader allows: a body let in is never too deep here.
        var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
        return JsonDocument.ParseValue(ref reader);
    }

    /// <summary>Parses a client's body; JSON it cannot read is a translation failure (a 400), not a crash.</summary>
    public static JsonDocument ParseRequest(ReadOnlySpan<byte> json)
    {
        try
        {
            return Parse(json);
        }
        catch (JsonException e)
        {
            throw new TranslationException("The request body is not valid JSON.", e);
        }
    }

    /// <summary>A string property of an object, or null when it is absent or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A property of an object that is present and not null.</summary>
    public static bool Has(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>An integer property of an object, or 0.</summary>
    public static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : 0;
}
