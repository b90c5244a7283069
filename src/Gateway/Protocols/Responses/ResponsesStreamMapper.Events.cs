using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>The Responses events the stream mapper writes: <c>event: type</c>, then the JSON with type and sequence number first.</summary>
internal sealed partial class ResponsesStreamMapper
{
    private Utf8JsonWriter? _json;

    /// <summary>Writes <c>event: type</c> and the event's first fields with the one JSON writer of the stream, reset for each event.</summary>
    private Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> type)
    {
        output.Write("event: "u8);
        output.Write(type);
        output.Write("\ndata: "u8);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, ProtocolJson.Writer);
        }
        else
        {
            _json.Reset(output);
        }

        var writer = _json;
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteNumber("sequence_number"u8, _sequence++);
        return writer;
    }

    private static void End(IBufferWriter<byte> output, Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n\n"u8);
    }

    private void ResponseEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> type, byte[] response)
    {
        var writer = Begin(output, type);
        writer.WritePropertyName("response"u8);
        writer.WriteRawValue(response, skipInputValidation: true);
        End(output, writer);
    }

    private void ItemEvent(ReadOnlySpan<byte> type, OutputItem item, IBufferWriter<byte> output)
    {
        var writer = Begin(output, type);
        writer.WriteNumber("output_index"u8, item.OutputIndex);
        writer.WritePropertyName("item"u8);
        OutputItemWriter.WriteItem(writer, item);
        End(output, writer);
    }

    private void PartEvent(ReadOnlySpan<byte> type, OutputItem item, OutputPart part, IBufferWriter<byte> output)
    {
        var writer = Begin(output, type);
        WritePlace(writer, item, item.Parts.IndexOf(part));
        writer.WritePropertyName("part"u8);
        OutputItemWriter.WritePart(writer, part);
        End(output, writer);
    }

    /// <summary>A content part is finished: its text's done event, then <c>response.content_part.done</c>.</summary>
    private void PartDone(OutputItem item, OutputPart part, IBufferWriter<byte> output)
    {
        var writer = Begin(output, part.Type switch
        {
            OutputPart.OutputText => ResponsesEvents.OutputTextDone,
            OutputPart.Refusal => ResponsesEvents.RefusalDone,
            _ => ResponsesEvents.ReasoningTextDone,
        });
        WritePlace(writer, item, item.Parts.IndexOf(part));
        writer.WriteString(part.Type == OutputPart.Refusal ? "refusal" : "text", part.Text.ToString());
        WriteLogprobs(writer, part.Type);
        End(output, writer);
        PartEvent(ResponsesEvents.ContentPartDone, item, part, output);
    }

    private static void WritePlace(Utf8JsonWriter writer, OutputItem item, int contentIndex)
    {
        writer.WriteString("item_id"u8, item.EncodedId);
        writer.WriteNumber("output_index"u8, item.OutputIndex);
        writer.WriteNumber("content_index"u8, contentIndex);
    }

    private static void WriteLogprobs(Utf8JsonWriter writer, string partType)
    {
        if (partType == OutputPart.OutputText)
        {
            writer.WriteStartArray("logprobs"u8);
            writer.WriteEndArray();
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
