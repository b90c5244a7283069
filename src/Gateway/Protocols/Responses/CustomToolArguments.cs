using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// A custom (free-form) tool as chat sees it: a function with one string parameter, <c>input</c>, holding the
/// free-form text. Both directions of its arguments, and the parameters' schema.
/// </summary>
internal static class CustomToolArguments
{
    public const string Parameter = "input";

    /// <summary>The JSON arguments for a custom tool call's text.</summary>
    public static string Of(string input)
    {
        using var buffer = new MemoryStream(input.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString(Parameter, input);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The text of a call's JSON arguments: the <c>input</c> string; a model that wrote another single string field
    /// or plain text gets that; anything else, the arguments as they are.
    /// </summary>
    public static string Input(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty(Parameter, out var input) && input.ValueKind == JsonValueKind.String)
                {
                    return input.GetString()!;
                }

                var strings = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToList();
                if (strings.Count == 1)
                {
                    return strings[0].Value.GetString()!;
                }
            }
            else if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the model wrote the text itself.
        }

        return arguments;
    }

    /// <summary>The function's parameters: an object with the one required string <c>input</c>.</summary>
    public static void WriteSchema(Utf8JsonWriter writer, string? description)
    {
        writer.WriteStartObject("parameters");
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteStartObject(Parameter);
        writer.WriteString("type", "string");
        writer.WriteString("description", description ?? "The tool's free-form input.");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue(Parameter);
        writer.WriteEndArray();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteEndObject();
    }
}
