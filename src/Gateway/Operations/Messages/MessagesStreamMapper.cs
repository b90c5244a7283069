using System.Buffers;
using System.Text.Json;
using Gateway.Sse;

namespace Gateway.Operations.Messages;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> events as an Anthropic Messages event stream (pure, incremental). Each
/// Anthropic event is written as soon as the chat event that completes it is fed, whatever the byte boundaries:
/// <c>message_start</c> and one <c>ping</c> at the first chunk; then content blocks with consecutive indexes, one
/// open at a time (reasoning as <c>thinking</c>, text as <c>text</c>, each tool call as <c>tool_use</c> with its
/// arguments as <c>input_json_delta</c> pieces, see <see cref="Apply"/>); at the usage chunk after the finish
/// reason, or at <c>data: [DONE]</c>, the open block's stop, <c>message_delta</c> (stop reason, usage) and
/// <c>message_stop</c>. A chat error event becomes an <c>error</c> event and ends the stream.
/// </summary>
internal sealed partial class MessagesStreamMapper(string model)
{
    private readonly SseEventFramer _framer = new();
    private readonly ArrayBufferWriter<byte> _held = new(1024);
    private string _messageId = "msg_gateway";
    private bool _started;
    private bool _ended;
    private string? _finishReason;
    private MessagesUsage _usage;

    /// <summary>Whether <c>message_stop</c> (or an <c>error</c> event) has been written: later input is ignored.</summary>
    public bool Ended => _ended;

    /// <summary>
    /// Feeds chat SSE bytes; appends the Anthropic events they complete to <paramref name="output"/>. Only an event
    /// split across feeds is held, up to the framer's cap (longer: <see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output)
    {
        var at = 0;
        while (at < chatSse.Length)
        {
            var end = _framer.Advance(chatSse[at..]);
            if (end < 0)
            {
                Hold(chatSse[at..]);
                return;
            }

            if (_held.WrittenCount == 0)
            {
                MapEvent(chatSse.Slice(at, end), output);
            }
            else
            {
                Hold(chatSse.Slice(at, end));
                MapEvent(_held.WrittenSpan, output);
                _held.ResetWrittenCount();
            }

            at += end;
        }
    }

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _framer.BytesScanned;

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_held.WrittenCount + bytes.Length > _framer.MaxEventBytes)
        {
            throw new InvalidDataException($"An event from the provider is longer than {_framer.MaxEventBytes} bytes.");
        }

        _held.Write(bytes);
    }

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (_ended || SseEvent.Data(sseEvent, out var data) == 0)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(output);
            return;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(data);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("An event from the provider is not JSON: " + e.Message, e);
        }

        using (document)
        {
            MapChunk(document.RootElement, output);
        }
    }

    private void MapChunk(JsonElement chunk, IBufferWriter<byte> output)
    {
        if (chunk.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (chunk.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            AnthropicErrors.WriteStreamEvent(output, AnthropicErrors.TypeForOpenAI(error), AnthropicErrors.OpenAIMessage(error) ?? "The provider reported an error.");
            _ended = true;
            return;
        }

        Start(output, MessagesJson.String(chunk, "id"));
        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            && choices[0].ValueKind == JsonValueKind.Object)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                MapDelta(delta, output);
            }

            _finishReason = MessagesJson.String(choice, "finish_reason") ?? _finishReason;
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            _usage = MessagesUsage.From(usage);
            if (_finishReason is not null)
            {
                // The usage chunk OpenAI sends after the finish reason (stream_options.include_usage) is the last word.
                Finish(output);
            }
        }
    }

    private static MessagesStreamPiece Piece(JsonElement delta, string name) => delta.TryGetProperty(name, out var value) ? new(value) : default;

    private void MapDelta(JsonElement delta, IBufferWriter<byte> output)
    {
        // A provider that sends both reasoning fields sends the same text twice: reasoning_content is enough.
        var reasoning = Piece(delta, "reasoning_content");
        if (reasoning.IsEmpty)
        {
            reasoning = Piece(delta, "reasoning");
        }

        if (!reasoning.IsEmpty)
        {
            Content(BlockKind.Thinking, -1, reasoning, output);
        }

        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (Piece(delta, name) is { IsEmpty: false } text)
            {
                Content(BlockKind.Text, -1, text, output);
            }
        }

        if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var call in calls.EnumerateArray())
            {
                ToolCallDelta(call, position++, output);
            }
        }
    }
}
