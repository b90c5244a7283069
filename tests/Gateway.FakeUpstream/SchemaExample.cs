using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.FakeUpstream;

/// <summary>
/// The smallest JSON value the fake can find that a JSON Schema accepts: what it puts in tool-call arguments and in
/// structured outputs, so that a client validating against its own schema sees a valid answer. Objects carry their
/// required properties only; strings are <see cref="Text"/> (or fit their format, enum or length); numbers are 1 (or
/// the nearest bound); booleans true; arrays one item (or minItems). <c>$ref</c> into <c>$defs</c>/<c>definitions</c>,
/// <c>const</c>, <c>enum</c>, <c>anyOf</c>/<c>oneOf</c> (first non-null branch) and <c>allOf</c> (merged) are followed.
/// </summary>
public static partial class SchemaExample
{
    /// <summary>The value of every plain string.</summary>
    public const string Text = "Paris";

    private const int MaxDepth = 16;

    /// <summary>At most this many values per example: a schema whose references fan out cannot make the fake hang.</summary>
    private const int MaxValues = 1_000;

    /// <summary>The example for a schema, as compact JSON (<c>{}</c> when the schema is not a JSON object or boolean).</summary>
    public static string For(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (schema.ValueKind is JsonValueKind.Object or JsonValueKind.True)
            {
                var budget = MaxValues;
                Write(writer, schema, schema, 0, ref budget);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The example for a schema given as JSON text.</summary>
    public static string For(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return For(document.RootElement);
    }

    private static void Write(Utf8JsonWriter w, JsonElement schema, JsonElement root, int depth, ref int budget)
    {
        schema = Resolve(schema, root);
        if (depth > MaxDepth || --budget < 0 || schema.ValueKind == JsonValueKind.False)
        {
            w.WriteNullValue();
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            w.WriteStringValue(Text);
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(w);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(w);
            return;
        }

        if ((Branch(schema, "anyOf", root) ?? Branch(schema, "oneOf", root)) is { } branch)
        {
            Write(w, branch, root, depth + 1, ref budget);
            return;
        }

        var type = TypeOf(schema, root);
        if (type != "object" && AllOf(schema, root).FirstOrDefault(b => TypeOf(b, root) is not null) is { ValueKind: JsonValueKind.Object } typed)
        {
            // allOf of non-object parts (a type in one, a bound in another): the typed part alone gives a fair example.
            Write(w, typed, root, depth + 1, ref budget);
            return;
        }

        switch (type)
        {
            case "object":
                WriteObject(w, schema, root, depth, ref budget);
                break;
            case "array":
                WriteArray(w, schema, root, depth, ref budget);
                break;
            case "integer":
                w.WriteNumberValue((long)Number(schema, 1, integer: true));
                break;
            case "number":
                w.WriteNumberValue(Number(schema, 1.5, integer: false));
                break;
            case "boolean":
                w.WriteBooleanValue(true);
                break;
            case "null":
                w.WriteNullValue();
                break;
            default:
                w.WriteStringValue(String(schema));
                break;
        }
    }
}
