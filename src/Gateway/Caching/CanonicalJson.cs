using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Caching;

/// <summary>
/// A JSON value written the same way however the client wrote it: object properties in ordinal order of their names,
/// no whitespace, strings escaped one way; numbers kept as written (<c>1</c> and <c>1.0</c> differ) and arrays in
/// their order (the order of messages means something). Two bodies that differ only in property order, spacing or
/// string escapes write the same bytes.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>Writes <paramref name="element"/>, leaving out the top-level properties named in <paramref name="omitted"/>.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement element, ReadOnlySpan<string> omitted = default)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    if (!omitted.Contains(property.Name))
                    {
                        properties.Add(property);
                    }
                }

                // Stable: a name the client repeated keeps its order (and so its meaning to a parser that takes the last).
                var sorted = properties.Select((p, i) => (p, i)).OrderBy(x => x.p.Name, StringComparer.Ordinal).ThenBy(x => x.i);
                writer.WriteStartObject();
                foreach (var (property, _) in sorted)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
