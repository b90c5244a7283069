using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>Output items and their content parts as Responses JSON (in the response object and in stream events).</summary>
internal static class OutputItemWriter
{
    public static void WriteItem(Utf8JsonWriter writer, OutputItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, item.Id);
        switch (item.Kind)
        {
            case OutputKind.Message:
                writer.WriteString("type"u8, "message");
                writer.WriteString("status"u8, item.Status);
                WriteParts(writer, item);
                writer.WriteString("role"u8, "assistant");
                break;
            case OutputKind.Reasoning:
                writer.WriteString("type"u8, "reasoning");
                writer.WriteStartArray("summary"u8);
                writer.WriteEndArray();
                WriteParts(writer, item);
                writer.WriteString("status"u8, item.Status);
                break;
            case OutputKind.FunctionCall when item.Tool is { Custom: true } custom:
                // A custom tool's call: its text, not JSON arguments, under the client's name.
                writer.WriteString("type"u8, "custom_tool_call");
                writer.WriteString("status"u8, item.Status);
                writer.WriteString("call_id"u8, item.CallId);
                writer.WriteString("input"u8, CustomToolArguments.Input(item.Arguments.ToString()));
                writer.WriteString("name"u8, custom.Name);
                WriteNamespace(writer, custom);
                break;
            default:
                writer.WriteString("type"u8, "function_call");
                writer.WriteString("status"u8, item.Status);
                writer.WriteString("arguments"u8, item.Arguments.ToString());
                writer.WriteString("call_id"u8, item.CallId);
                writer.WriteString("name"u8, item.Tool?.Name ?? item.Name.ToString());
                WriteNamespace(writer, item.Tool);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteNamespace(Utf8JsonWriter writer, ResponseTool? tool)
    {
        if (tool?.Namespace is { } space)
        {
            writer.WriteString("namespace"u8, space);
        }
    }

    public static void WritePart(Utf8JsonWriter writer, OutputPart part)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, part.Type);
        if (part.Type == OutputPart.Refusal)
        {
            writer.WriteString("refusal"u8, part.Text.ToString());
        }
        else
        {
            if (part.Type == OutputPart.OutputText)
            {
                writer.WriteStartArray("annotations"u8);
                writer.WriteEndArray();
                writer.WriteStartArray("logprobs"u8);
                writer.WriteEndArray();
            }

            writer.WriteString("text"u8, part.Text.ToString());
        }

        writer.WriteEndObject();
    }

    private static void WriteParts(Utf8JsonWriter writer, OutputItem item)
    {
        writer.WriteStartArray("content"u8);
        foreach (var part in item.Parts)
        {
            WritePart(writer, part);
        }

        writer.WriteEndArray();
    }
}
