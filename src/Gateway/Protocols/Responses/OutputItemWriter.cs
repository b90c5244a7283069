using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>Output items and their content parts as Responses JSON (in the response object and in stream events).</summary>
internal static class OutputItemWriter
{
    public static void WriteItem(Utf8JsonWriter writer, OutputItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("id", item.Id);
        switch (item.Kind)
        {
            case OutputKind.Message:
                writer.WriteString("type", "message");
                writer.WriteString("status", item.Status);
                WriteParts(writer, item);
                writer.WriteString("role", "assistant");
                break;
            case OutputKind.Reasoning:
                writer.WriteString("type", "reasoning");
                writer.WriteStartArray("summary");
                writer.WriteEndArray();
                WriteParts(writer, item);
                writer.WriteString("status", item.Status);
                break;
            case OutputKind.FunctionCall when item.Tool is { Custom: true } custom:
                // A custom tool's call: its text, not JSON arguments, under the client's name.
                writer.WriteString("type", "custom_tool_call");
                writer.WriteString("status", item.Status);
                writer.WriteString("call_id", item.CallId);
                writer.WriteString("input", CustomToolArguments.Input(item.Arguments.ToString()));
                writer.WriteString("name", custom.Name);
                WriteNamespace(writer, custom);
                break;
            default:
                writer.WriteString("type", "function_call");
                writer.WriteString("status", item.Status);
                writer.WriteString("arguments", item.Arguments.ToString());
                writer.WriteString("call_id", item.CallId);
                writer.WriteString("name", item.Tool?.Name ?? item.Name.ToString());
                WriteNamespace(writer, item.Tool);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteNamespace(Utf8JsonWriter writer, ResponseTool? tool)
    {
        if (tool?.Namespace is { } space)
        {
            writer.WriteString("namespace", space);
        }
    }

    public static void WritePart(Utf8JsonWriter writer, OutputPart part)
    {
        writer.WriteStartObject();
        writer.WriteString("type", part.Type);
        if (part.Type == OutputPart.Refusal)
        {
            writer.WriteString("refusal", part.Text.ToString());
        }
        else
        {
            if (part.Type == OutputPart.OutputText)
            {
                writer.WriteStartArray("annotations");
                writer.WriteEndArray();
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }

            writer.WriteString("text", part.Text.ToString());
        }

        writer.WriteEndObject();
    }

    private static void WriteParts(Utf8JsonWriter writer, OutputItem item)
    {
        writer.WriteStartArray("content");
        foreach (var part in item.Parts)
        {
            WritePart(writer, part);
        }

        writer.WriteEndArray();
    }
}
