using System.Buffers;
using System.Text.Json;
using Gateway.Protocols.Chat;
using Gateway.Sse;

namespace Gateway.Protocols.Messages;

/// <summary>
/// An Anthropic Messages event stream as typed chat events (pure, incremental): each complete source event is framed
/// once, parsed once (<see cref="MessagesStreamEvent"/>) and becomes at most one chunk, given to the writer as soon as
/// it is fed, whatever the byte boundaries. Tool calls get an index, id and name first, then their arguments as they
/// stream; usage comes in a final usage-only chunk before the end; an <c>error</c> event becomes an error chunk.
/// </summary>
internal sealed class MessagesStreamReader : IChatEventReader
{
    private readonly SseEventFeeder _events = new();
    private readonly ChatChunk _chunk = new();
    private readonly Action<ReadOnlySpan<byte>, IBufferWriter<byte>> _map;
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private IChatEventWriter? _writer;
    private string _id = "chatcmpl-anthropic";
    private string _model = "";
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>The block of the structured answer (<see cref="AnthropicStructuredOutput"/>), streamed as content; -1 when none.</summary>
    private int _answerBlock = -1;

    public MessagesStreamReader() => _map = MapEvent;

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    public long BytesScanned => _events.BytesScanned;

    /// <summary>
    /// Feeds bytes. An event inside one feed is read where it lies; only one split across feeds is held, up to the
    /// framer's cap: an event longer than that is no event Anthropic sends, and fails the stream (<see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output, IChatEventWriter writer)
    {
        _writer = writer;
        _events.Feed(input, output, _map);
    }

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        // The JSON's own "type" names the event, so only the data line matters.
        if (SseEvent.Data(sseEvent, out var json) == 0)
        {
            return;
        }

        var chunk = _chunk;
        chunk.Clear();
        if (MessagesStreamEvent.TryReadTextDelta(json, out var text))
        {
            // Most of an answer: its text goes on as the JSON string it came as, read and written once.
            chunk.HasChoice = true;
            Header(chunk);
            _writer!.Text(chunk, text, output);
            return;
        }

        var e = MessagesStreamEvent.Read(json);
        switch (e.Type)
        {
            case "message_start":
                _id = "chatcmpl-" + e.MessageId;
                _model = e.Model ?? "";
                if (e.HasUsage)
                {
                    (_inputTokens, _outputTokens) = (e.InputTokens ?? 0, e.OutputTokens ?? 0);
                }

                chunk.Role = "assistant";
                chunk.Content = "";
                Write(chunk, output);
                break;
            case "content_block_start" when e.BlockType == "tool_use" && e.BlockName == AnthropicStructuredOutput.ToolName:
                _answerBlock = e.RequiredIndex;
                break;
            case "content_block_start" when e.BlockType == "tool_use":
                var toolIndex = _toolIndexByBlock.Count;
                _toolIndexByBlock[e.RequiredIndex] = toolIndex;
                chunk.ToolCalls.Add(new ChatToolCallDelta(toolIndex, e.BlockId, e.BlockName ?? throw Missing("name"), ""));
                Write(chunk, output);
                break;
            case "content_block_delta":
                switch (e.DeltaType)
                {
                    case "text_delta":
                        chunk.Content = e.HasText ? e.Text : throw Missing("text");
                        Write(chunk, output);
                        break;
                    case "thinking_delta" when e.Thinking is { Length: > 0 } reasoning:
                        // Extended thinking as chat's reasoning, which Responses and Messages read back.
                        chunk.Reasoning = reasoning;
                        Write(chunk, output);
                        break;
                    case "input_json_delta" when e.RequiredIndex == _answerBlock:
                        chunk.Content = e.HasPartialJson ? e.PartialJson : throw Missing("partial_json");
                        Write(chunk, output);
                        break;
                    case "input_json_delta" when _toolIndexByBlock.TryGetValue(e.RequiredIndex, out var index):
                        chunk.ToolCalls.Add(new ChatToolCallDelta(index, null, null, e.HasPartialJson ? e.PartialJson : throw Missing("partial_json")));
                        Write(chunk, output);
                        break;
                }

                break;
            case "message_delta":
                if (e.HasUsage)
                {
                    _outputTokens = e.OutputTokens ?? 0;
                    if (e.InputTokens is { } input)
                    {
                        // Newer streams report the final input count here too (after server tools ran, it grows).
                        _inputTokens = input;
                    }
                }

                var finish = MessagesStopReasons.ToChat(e.HasDelta ? e.StopReason : throw Missing("delta"));
                chunk.FinishReason = finish == "tool_calls" && _answerBlock >= 0 && _toolIndexByBlock.Count == 0 ? "stop" : finish;
                Write(chunk, output);
                break;
            case "message_stop":
                chunk.HasChoice = false;
                chunk.Usage = new ChatUsage(_inputTokens, _outputTokens);
                Header(chunk);
                _writer!.Chunk(chunk, output);
                _writer.Done(output);
                break;
            case "error":
                chunk.Error = new ChatError(e.ErrorMessage ?? "", MessagesErrors.OpenAIType(e.ErrorType), MessagesErrors.OpenAICode(e.ErrorType), null);
                _writer!.Chunk(chunk, output);
                break;
        }
    }

    private void Write(ChatChunk chunk, IBufferWriter<byte> output)
    {
        chunk.HasChoice = true;
        Header(chunk);
        _writer!.Chunk(chunk, output);
    }

    private void Header(ChatChunk chunk) => (chunk.Id, chunk.Model) = (_id, _model);

    private static InvalidDataException Missing(string name) => new($"An Anthropic event has no \"{name}\".");
}
