using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>The OpenAI events the stream mapper writes.</summary>
internal sealed partial class AnthropicStreamMapper
{
    private void Chunk(IBufferWriter<byte> output, Action<Utf8JsonWriter> delta, string? finishReason = null) => Event(output, w =>
    {
        w.WriteStartObject();
        Header(w);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        if (finishReason is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finishReason);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private void UsageChunk(IBufferWriter<byte> output) => Event(output, w =>
    {
        w.WriteStartObject();
        Header(w);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        AnthropicResponseMapper.WriteUsage(w, _inputTokens, _outputTokens);
        w.WriteEndObject();
    });

    private void Header(Utf8JsonWriter w)
    {
        w.WriteString("id", _id);
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", created);
        w.WriteString("model", _model);
    }

    private static void ToolCall(Utf8JsonWriter w, int index, string? id, string? name, string? arguments)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        if (id is not null)
        {
            w.WriteString("id", id);
            w.WriteString("type", "function");
        }

        w.WriteStartObject("function");
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteString("arguments", arguments ?? "");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void Event(IBufferWriter<byte> output, Action<Utf8JsonWriter> body)
    {
        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output, ProtocolJson.Writer))
        {
            body(writer);
        }

        output.Write("\n\n"u8);
    }
}
