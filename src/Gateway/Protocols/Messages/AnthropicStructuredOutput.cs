using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>
/// OpenAI's <c>response_format</c> on Anthropic, which has no such parameter: the schema becomes the input schema of one
/// tool the model is made to call (<c>tool_choice</c> of that tool), and that call's input comes back as the message's
/// text content, whole or streamed, with <c>finish_reason</c> <c>stop</c>. <c>json_object</c> is a tool taking any object.
/// The tool's name is reserved; a request with tools of its own as well cannot be mapped (the forced call would hide them).
/// </summary>
internal static class AnthropicStructuredOutput
{
    /// <summary>The reserved tool name; a <c>tool_use</c> of it is the structured answer, never a tool call.</summary>
    public const string ToolName = "gateway_json_response";

    /// <summary>Whether <paramref name="format"/> asks for JSON (<c>json_schema</c> or <c>json_object</c>); <c>text</c> asks nothing.</summary>
    public static bool AsksForJson(JsonElement format) =>
        format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.GetString() is "json_schema" or "json_object";

    /// <summary>Writes the forced tool and its <c>tool_choice</c>; throws <see cref="TranslationException"/> for what cannot be mapped.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement format, JsonElement root)
    {
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            throw new TranslationException("'response_format' together with 'tools' has no Anthropic equivalent.");
        }

        writer.WriteStartArray("tools");
        writer.WriteStartObject();
        writer.WriteString("name", ToolName);
        writer.WriteString("description", "Answer with this tool: its input is the whole response, in the required JSON format.");
        writer.WritePropertyName("input_schema");
        if (format.GetProperty("type").GetString() == "json_schema"
            && format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("type", out var schemaType) || schemaType.GetString() != "object")
            {
                throw new TranslationException("'response_format.json_schema.schema' must describe an object to be mapped to Anthropic.");
            }

            schema.WriteTo(writer);
        }
        else if (format.GetProperty("type").GetString() == "json_schema")
        {
            throw new TranslationException("'response_format.json_schema.schema' is missing.");
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteBoolean("additionalProperties", true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", "tool");
        writer.WriteString("name", ToolName);
        writer.WriteEndObject();
    }

    /// <summary>Whether a <c>tool_use</c> block (or its start) is the structured answer.</summary>
    public static bool IsAnswer(JsonElement block) => block.TryGetProperty("name", out var name) && name.ValueEquals(ToolName);
}
