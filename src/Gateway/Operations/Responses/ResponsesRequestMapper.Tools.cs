using System.Text.Json;
using Gateway.Providers;

namespace Gateway.Operations.Responses;

/// <summary>Tools, the tool choice and the text format in their chat-completions form.</summary>
internal static partial class ResponsesRequestMapper
{
    /// <summary>
    /// Function tools (flat in Responses, nested under <c>function</c> in chat). <c>tool_choice</c> and
    /// <c>parallel_tool_calls</c> go only with tools: chat completions reject them on their own.
    /// </summary>
    private static void WriteTools(Utf8JsonWriter writer, JsonElement root)
    {
        if (!ResponsesJson.Has(root, "tools", out var tools))
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("'tools' must be an array.");
        }

        if (tools.GetArrayLength() == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            WriteTool(writer, tool);
        }

        writer.WriteEndArray();
        if (ResponsesJson.Has(root, "tool_choice", out var choice))
        {
            WriteToolChoice(writer, choice);
        }

        if (root.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel.GetBoolean());
        }
    }

    private static void WriteTool(Utf8JsonWriter writer, JsonElement tool)
    {
        var type = ResponsesJson.String(tool, "type");
        if (type != "function")
        {
            throw new TranslationException($"The '{type}' tool is not supported for this model's provider: only function tools translate to chat completions.");
        }

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", ResponsesJson.String(tool, "name") ?? throw new TranslationException("A function tool needs a 'name'."));
        foreach (var name in (ReadOnlySpan<string>)["description", "parameters", "strict"])
        {
            if (ResponsesJson.Has(tool, name, out var value))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement choice)
    {
        if (choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none" or "required")
        {
            writer.WriteString("tool_choice", choice.GetString());
            return;
        }

        var type = ResponsesJson.String(choice, "type");
        if (type != "function" || ResponsesJson.String(choice, "name") is not { } name)
        {
            throw new TranslationException($"This 'tool_choice' is not supported for this model's provider: only \"auto\", \"none\", \"required\" and a function by name translate to chat completions.");
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>text.format</c> as <c>response_format</c>: a JSON schema (flat in Responses, nested in chat) or JSON mode.</summary>
    private static void WriteTextFormat(Utf8JsonWriter writer, JsonElement root)
    {
        if (!ResponsesJson.Has(root, "text", out var text) || !ResponsesJson.Has(text, "format", out var format))
        {
            return;
        }

        switch (ResponsesJson.String(format, "type"))
        {
            case "text":
                break;
            case "json_object":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_object");
                writer.WriteEndObject();
                break;
            case "json_schema":
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_schema");
                writer.WriteStartObject("json_schema");
                writer.WriteString("name", ResponsesJson.String(format, "name") ?? throw new TranslationException("'text.format' of type json_schema needs a 'name'."));
                foreach (var name in (ReadOnlySpan<string>)["description", "schema", "strict"])
                {
                    if (ResponsesJson.Has(format, name, out var value))
                    {
                        writer.WritePropertyName(name);
                        value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case var other:
                throw new TranslationException($"The text format '{other}' is not supported for this model's provider.");
        }
    }
}
