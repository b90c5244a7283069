using System.Buffers;
using System.Text.Json;
using Gateway.Sse;

namespace Gateway.Protocols.Messages;

/// <summary>
/// Anthropic SSE events to OpenAI <c>chat.completion.chunk</c> events (pure, incremental): each complete source
/// event becomes at most one chunk, written as soon as it is fed, whatever the byte boundaries. Tool calls get an
/// index, id and name first, then their arguments as they stream; usage arrives in a final usage-only chunk
/// before <c>data: [DONE]</c>; an <c>error</c> event becomes an OpenAI error event.
/// </summary>
internal sealed partial class AnthropicStreamMapper(long created)
{
    private readonly SseEventFeeder _events = new();
    private Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _map;
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string _id = "chatcmpl-anthropic";
    private string _model = "";
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>The block of the structured answer (<see cref="AnthropicStructuredOutput"/>), streamed as content; -1 when none.</summary>
    private int _answerBlock = -1;

    /// <summary>
    /// Feeds bytes; appends the OpenAI bytes they complete to <paramref name="output"/>. An event inside one feed is
    /// mapped where it lies; only one split across feeds is held, up to the framer's cap: an event longer than that
    /// is no event Anthropic sends, and fails the stream (<see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output) => _events.Feed(input, output, _map ??= MapEvent);

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _events.BytesScanned;

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        // The JSON's own "type" names the event, so only the data line matters.
        if (SseEvent.Data(sseEvent, out var json) == 0)
        {
            return;
        }

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
                if (block.GetProperty("type").GetString() == "tool_use" && AnthropicStructuredOutput.IsAnswer(block))
                {
                    _answerBlock = root.GetProperty("index").GetInt32();
                }
                else if (block.GetProperty("type").GetString() == "tool_use")
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
                    case "thinking_delta" when delta.TryGetProperty("thinking", out var thinking) && thinking.GetString() is { Length: > 0 } reasoning:
                        // Extended thinking as chat's reasoning_content (DeepSeek's and vLLM's field), which Responses and Messages read back.
                        Chunk(output, w => w.WriteString("reasoning_content", reasoning));
                        break;
                    case "input_json_delta" when root.GetProperty("index").GetInt32() == _answerBlock:
                        Chunk(output, w => w.WriteString("content", delta.GetProperty("partial_json").GetString()));
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
                    if (usage.TryGetProperty("input_tokens", out _))
                    {
                        // Newer streams report the final input count here too (after server tools ran, it grows).
                        _inputTokens = AnthropicResponseMapper.Tokens(usage, "input_tokens");
                    }
                }

                var finish = AnthropicResponseMapper.FinishReason(root.GetProperty("delta").TryGetProperty("stop_reason", out var stop) ? stop.GetString() : null);
                finish = finish == "tool_calls" && _answerBlock >= 0 && _toolIndexByBlock.Count == 0 ? "stop" : finish;
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
}
