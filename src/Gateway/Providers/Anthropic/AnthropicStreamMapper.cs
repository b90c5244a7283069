using System.Buffers;
using System.Text.Json;

namespace Gateway.Providers.Anthropic;

/// <summary>
/// Anthropic SSE events to OpenAI <c>chat.completion.chunk</c> events (pure, incremental): each complete source
/// event becomes at most one chunk, written as soon as it is fed, whatever the byte boundaries. Tool calls get an
/// index, id and name first, then their arguments as they stream; usage arrives in a final usage-only chunk
/// before <c>data: [DONE]</c>; an <c>error</c> event becomes an OpenAI error event.
/// </summary>
internal sealed class AnthropicStreamMapper(long created)
{
    private readonly ArrayBufferWriter<byte> _pending = new(1024);
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string _id = "chatcmpl-anthropic";
    private string _model = "";
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>Feeds bytes; appends the OpenAI bytes they complete to <paramref name="output"/>.</summary>
    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _pending.Write(input);
        var data = _pending.WrittenSpan;
        var consumed = 0;
        while (true)
        {
            var end = data[consumed..].IndexOf("\n\n"u8);
            if (end < 0)
            {
                break;
            }

            MapEvent(data.Slice(consumed, end), output);
            consumed += end + 2;
        }

        if (consumed > 0)
        {
            var rest = data[consumed..].ToArray();
            _pending.Clear();
            _pending.Write(rest);
        }
    }

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        // The JSON's own "type" names the event, so only the data line matters.
        var at = sseEvent.IndexOf("data:"u8);
        if (at < 0)
        {
            return;
        }

        var json = sseEvent[(at + 5)..];
        var lineEnd = json.IndexOf((byte)'\n');
        json = (lineEnd >= 0 ? json[..lineEnd] : json).Trim(" \r"u8);
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "message_start":
                var message = root.GetProperty("message");
                _id = "chatcmpl-" + message.GetProperty("id").GetString();
                _model = message.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    _inputTokens = AnthropicResponseMapper.Tokens(startUsage, "input_tokens");
                    _outputTokens = AnthropicResponseMapper.Tokens(startUsage, "output_tokens");
                }

                Chunk(output, w => { w.WriteString("role", "assistant"); w.WriteString("content", ""); });
                break;
            case "content_block_start":
                var block = root.GetProperty("content_block");
                if (block.GetProperty("type").GetString() == "tool_use")
                {
                    var toolIndex = _toolIndexByBlock.Count;
                    _toolIndexByBlock[root.GetProperty("index").GetInt32()] = toolIndex;
                    Chunk(output, w => ToolCall(w, toolIndex, block.GetProperty("id").GetString(), block.GetProperty("name").GetString(), ""));
                }

                break;
            case "content_block_delta":
                var delta = root.GetProperty("delta");
                switch (delta.GetProperty("type").GetString())
                {
                    case "text_delta":
                        Chunk(output, w => w.WriteString("content", delta.GetProperty("text").GetString()));
                        break;
                    case "input_json_delta" when _toolIndexByBlock.TryGetValue(root.GetProperty("index").GetInt32(), out var index):
                        Chunk(output, w => ToolCall(w, index, null, null, delta.GetProperty("partial_json").GetString()));
                        break;
                }

                break;
            case "message_delta":
                if (root.TryGetProperty("usage", out var usage))
                {
                    _outputTokens = AnthropicResponseMapper.Tokens(usage, "output_tokens");
                }

                var finish = AnthropicResponseMapper.FinishReason(root.GetProperty("delta").TryGetProperty("stop_reason", out var stop) ? stop.GetString() : null);
                Chunk(output, _ => { }, finish);
                break;
            case "message_stop":
                UsageChunk(output);
                output.Write("data: [DONE]\n\n"u8);
                break;
            case "error":
                var error = root.GetProperty("error");
                Event(output, w =>
                {
                    Contracts.OpenAIError.WriteBody(w, error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "",
                        AnthropicErrorMapper.Type(error.TryGetProperty("type", out var t) ? t.GetString() : null),
                        AnthropicErrorMapper.Code(error.TryGetProperty("type", out var c) ? c.GetString() : null));
                });
                break;
        }
    }

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
        using (var writer = new Utf8JsonWriter(output, JsonOptions.Writer))
        {
            body(writer);
        }

        output.Write("\n\n"u8);
    }
}
