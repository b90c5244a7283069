using System.Text.Json;

namespace Gateway.FakeUpstream;

public static partial class SchemaExample
{
    /// <summary>The schema's allOf parts, references resolved (empty when it has none).</summary>
    private static IEnumerable<JsonElement> AllOf(JsonElement schema, JsonElement root) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("allOf", out var parts) && parts.ValueKind == JsonValueKind.Array
            ? parts.EnumerateArray().Select(p => Resolve(p, root)).Where(p => p.ValueKind == JsonValueKind.Object)
            : [];

    /// <summary>Required properties only, from the schema and its allOf parts; a required name without a schema gets additionalProperties' or a string.</summary>
    private static void WriteObject(Utf8JsonWriter w, JsonElement schema, JsonElement root, int depth, ref int budget)
    {
        List<JsonElement> parts = [schema, .. AllOf(schema, root)];
        var required = parts
            .SelectMany(p => p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray() : [])
            .Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).Distinct(StringComparer.Ordinal);
        w.WriteStartObject();
        foreach (var name in required)
        {
            w.WritePropertyName(name);
            var property = parts.Select(p => p.TryGetProperty("properties", out var ps) && ps.ValueKind == JsonValueKind.Object && ps.TryGetProperty(name, out var s) ? s : default)
                .FirstOrDefault(s => s.ValueKind != JsonValueKind.Undefined);
            if (property.ValueKind == JsonValueKind.Undefined && schema.TryGetProperty("additionalProperties", out var extra))
            {
                property = extra;
            }

            Write(w, property, root, depth + 1, ref budget);
        }

        w.WriteEndObject();
    }

    /// <summary>prefixItems in order, else max(1, minItems) items (capped by maxItems); deep down, minItems only, so recursive schemas end.</summary>
    private static void WriteArray(Utf8JsonWriter w, JsonElement schema, JsonElement root, int depth, ref int budget)
    {
        int? Count(string name) => schema.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? Math.Max(0, n) : null;
        w.WriteStartArray();
        if (schema.TryGetProperty("prefixItems", out var prefix) && prefix.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in prefix.EnumerateArray())
            {
                Write(w, item, root, depth + 1, ref budget);
            }
        }
        else
        {
            var count = Math.Min(Math.Max(depth > MaxDepth / 2 ? 0 : 1, Count("minItems") ?? 0), Count("maxItems") ?? int.MaxValue);
            var items = schema.TryGetProperty("items", out var i) ? i : default;
            for (var n = 0; n < count; n++)
            {
                Write(w, items, root, depth + 1, ref budget);
            }
        }

        w.WriteEndArray();
    }

    /// <summary>A value for the string's format, else <see cref="Text"/>, padded or cut to its length bounds.</summary>
    private static string String(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var value = format switch
        {
            "date-time" => "2024-01-01T00:00:00Z",
            "date" => "2024-01-01",
            "time" => "00:00:00Z",
            "duration" => "P1D",
            "email" => "fake@example.com",
            "hostname" => "example.com",
            "ipv4" => "127.0.0.1",
            "ipv6" => "::1",
            "uri" or "url" => "https://example.com/",
            "uuid" => "00000000-0000-4000-8000-000000000000",
            _ => Text,
        };
        if (schema.TryGetProperty("minLength", out var min) && min.ValueKind == JsonValueKind.Number && min.TryGetInt32(out var least) && value.Length < least)
        {
            value = value.PadRight(least, 'x');
        }

        if (schema.TryGetProperty("maxLength", out var max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var most) && value.Length > most)
        {
            value = value[..Math.Max(0, most)];
        }

        return value;
    }
}
