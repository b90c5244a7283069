using System.Text.Json;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// Google's <c>Schema</c> (an OpenAPI 3.0 subset: upper-case <c>type</c> names, <c>nullable</c>) as JSON Schema, the
/// form chat providers take: types in lower case (<c>nullable: true</c> adds <c>"null"</c>), <c>properties</c>,
/// <c>items</c> and <c>anyOf</c> converted in depth, <c>propertyOrdering</c> and <c>example</c> (Google's hints)
/// left out, every other keyword (<c>enum</c>, <c>required</c>, <c>format</c>, bounds, <c>description</c>) as it is.
/// </summary>
internal static class GeminiSchema
{
    private const int MaxDepth = 64;

    public static void Write(Utf8JsonWriter writer, JsonElement schema) => Write(writer, schema, 0);

    private static void Write(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            schema.WriteTo(writer);
            return;
        }

        var nullable = GeminiJson.Property(schema, "nullable").ValueKind == JsonValueKind.True;
        writer.WriteStartObject();
        foreach (var property in schema.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "type" when value.ValueKind == JsonValueKind.String:
                    var type = value.GetString()!.ToLowerInvariant();
                    if (type == "type_unspecified")
                    {
                        break;
                    }

                    if (nullable && type != "null")
                    {
                        writer.WriteStartArray("type");
                        writer.WriteStringValue(type);
                        writer.WriteStringValue("null");
                        writer.WriteEndArray();
                    }
                    else
                    {
                        writer.WriteString("type", type);
                    }

                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    writer.WriteStartObject("properties");
                    foreach (var child in value.EnumerateObject())
                    {
                        writer.WritePropertyName(child.Name);
                        Write(writer, child.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    break;
                case "items":
                    writer.WritePropertyName("items");
                    Write(writer, value, depth + 1);
                    break;
                case "anyOf" when value.ValueKind == JsonValueKind.Array:
                    writer.WriteStartArray("anyOf");
                    foreach (var branch in value.EnumerateArray())
                    {
                        Write(writer, branch, depth + 1);
                    }

                    writer.WriteEndArray();
                    break;
                case "nullable" or "propertyOrdering" or "example":
                    break;
                default:
                    property.WriteTo(writer);
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
