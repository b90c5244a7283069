using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>The Anthropic events, each written as <c>event: name</c>, one <c>data:</c> line and a blank line.</summary>
internal sealed partial class MessagesStreamMapper
{
    private Utf8JsonWriter? _json;

    /// <summary>
    /// <c>message_start</c> (empty content; as input tokens the gateway's estimate, since chat completions reports usage
    /// only at the end, where <c>message_delta</c> carries the real count) and one <c>ping</c>.
    /// </summary>
    private void Start(IBufferWriter<byte> output, string? chatId)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _messageId = "msg_" + (chatId ?? "gateway");
        var w = Begin(output, "message_start"u8);
        w.WriteStartObject("message");
        w.WriteString("id", _messageId);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", estimatedInputTokens);
        w.WriteNumber("output_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
        End(output);
        Begin(output, "ping"u8);
        End(output);
    }

    /// <summary>The end of the message: kept pieces, the open block's stop, <c>message_delta</c> and <c>message_stop</c>.</summary>
    private void Finish(IBufferWriter<byte> output)
    {
        Start(output, null);
        Drain(output, force: true);
        CloseBlock(output);
        var w = Begin(output, "message_delta"u8);
        w.WriteStartObject("delta");
        w.WriteString("stop_reason", MessagesStopReasons.FromChat(_finishReason, _tools.Count > 0));
        w.WriteNull("stop_sequence");
        w.WriteEndObject();
        _usage.Write(w);
        End(output);
        Begin(output, "message_stop"u8);
        End(output);
        _ended = true;
    }

    private void BlockStart(IBufferWriter<byte> output, BlockKind kind, int index, ToolCall? tool)
    {
        var w = Begin(output, "content_block_start"u8);
        w.WriteNumber("index", index);
        w.WriteStartObject("content_block");
        switch (kind)
        {
            case BlockKind.Text:
                w.WriteString("type", "text");
                w.WriteString("text", "");
                break;
            case BlockKind.Thinking:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", "");
                w.WriteString("signature", "");
                break;
            default:
                w.WriteString("type", "tool_use");
                w.WriteString("id", tool!.Id);
                w.WriteString("name", tool.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
        End(output);
    }

    /// <summary>The bulk of a stream: names and types written pre-encoded, the piece as the provider's own token.</summary>
    private void Delta(IBufferWriter<byte> output, BlockKind kind, int index, MessagesStreamPiece piece)
    {
        var w = Begin(output, "content_block_delta"u8);
        w.WriteNumber(Names.Index, index);
        w.WriteStartObject(Names.Delta);
        var (type, field) = kind switch
        {
            BlockKind.Text => (Names.TextDelta, Names.Text),
            BlockKind.Thinking => (Names.ThinkingDelta, Names.Thinking),
            _ => (Names.InputJsonDelta, Names.PartialJson),
        };
        w.WriteString(Names.Type, type);
        w.WritePropertyName(field);
        piece.WriteTo(w);
        w.WriteEndObject();
        End(output);
    }

    /// <summary>
    /// <c>content_block_stop</c>; a thinking block first gets the <c>signature_delta</c> Anthropic always sends
    /// before its stop (clients take it as the block's end), with an empty signature: the block's start said ""
    /// already, and an OpenAI-compatible provider has none to give.
    /// </summary>
    private void BlockStop(IBufferWriter<byte> output, BlockKind kind, int index)
    {
        Utf8JsonWriter w;
        if (kind == BlockKind.Thinking)
        {
            w = Begin(output, "content_block_delta"u8);
            w.WriteNumber("index", index);
            w.WriteStartObject("delta");
            w.WriteString("type", "signature_delta");
            w.WriteString("signature", "");
            w.WriteEndObject();
            End(output);
        }

        w = Begin(output, "content_block_stop"u8);
        w.WriteNumber("index", index);
        End(output);
    }

    /// <summary>Writes <c>event: name</c> and <c>data: {"type":"name"</c>; the caller adds the rest and calls <see cref="End"/>.</summary>
    private Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> name)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, ProtocolJson.Writer);
        }
        else
        {
            _json.Reset(output);
        }

        _json.WriteStartObject();
        _json.WriteString(Names.Type, name);
        return _json;
    }

    private void End(IBufferWriter<byte> output)
    {
        _json!.WriteEndObject();
        _json.Flush();
        output.Write("\n\n"u8);
    }

    private static class Names
    {
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
        public static readonly JsonEncodedText Delta = JsonEncodedText.Encode("delta");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
        public static readonly JsonEncodedText TextDelta = JsonEncodedText.Encode("text_delta");
        public static readonly JsonEncodedText Thinking = JsonEncodedText.Encode("thinking");
        public static readonly JsonEncodedText ThinkingDelta = JsonEncodedText.Encode("thinking_delta");
        public static readonly JsonEncodedText PartialJson = JsonEncodedText.Encode("partial_json");
        public static readonly JsonEncodedText InputJsonDelta = JsonEncodedText.Encode("input_json_delta");
    }
}
