using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols.Chat;
using Gateway.Sse;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> events as a Gemini <c>streamGenerateContent</c> stream (pure, incremental), in
/// either framing (<see cref="GeminiFraming"/>): every element a whole <c>GenerateContentResponse</c>. Text deltas
/// (and reasoning deltas as <c>thought</c> parts, when the client asked for thoughts) go out as soon as they are fed;
/// tool calls, which Gemini sends whole, are assembled and sent in the last element with each candidate's
/// <c>finishReason</c> and the <c>usageMetadata</c> (at the usage chunk after the finish reason, at <c>data: [DONE]</c>,
/// or when a source that gave a finish reason closes). A chat error event becomes Google's error element. In the JSON
/// array framing each element is followed by a blank line (whitespace to JSON), so the forwarder's event framer reads
/// elements as events; the array closes after the last element.
/// </summary>
internal sealed class GeminiStreamMapper(string model, bool includeThoughts, GeminiFraming framing)
{
    private readonly SseEventFeeder _events = new();
    private readonly SortedDictionary<int, Choice> _choices = [];
    private Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _map;
    private string? _responseId;
    private string _modelVersion = model;
    private bool _opened;
    private (long Prompt, long Completion, long Reasoning, long Cached)? _usage;
    private Utf8JsonWriter? _writer;

    /// <summary>Whether the last element (or an error) has been written: later input is ignored.</summary>
    public bool Ended { get; private set; }

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _events.BytesScanned;

    /// <summary>
    /// Feeds chat SSE bytes; appends the Gemini elements they complete to <paramref name="output"/>. Empty input means
    /// the source ended: after a finish reason that ends the answer as <c>[DONE]</c> would; before one, nothing is
    /// written, and the cut stream is the forwarder's to report.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output)
    {
        if (chatSse.IsEmpty)
        {
            if (!Ended && _choices.Values.Any(c => c.FinishReason is not null))
            {
                Finish(output);
            }

            return;
        }

        _events.Feed(chatSse, output, _map ??= MapEvent);
    }

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }

        using var document = ChatChunkEvent.Read(sseEvent, out var done);
        if (done)
        {
            Finish(output);
        }
        else if (document is not null)
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
            WriteError(output, GeminiErrors.StatusOf(error), GeminiErrors.MessageOf(error) ?? "The provider reported an error.");
            return;
        }

        _responseId ??= GeminiJson.String(chunk, "id");
        if (GeminiJson.String(chunk, "model") is { Length: > 0 } answered)
        {
            _modelVersion = answered;
        }

        var position = 0;
        foreach (var choice in GeminiJson.Array(chunk, "choices", "a chunk"))
        {
            var index = GeminiJson.Property(choice, "index") is { ValueKind: JsonValueKind.Number } i && i.TryGetInt32(out var at) ? at : position;
            position++;
            if (!_choices.TryGetValue(index, out var state))
            {
                _choices[index] = state = new Choice();
            }

            if (GeminiJson.Property(choice, "delta") is { ValueKind: JsonValueKind.Object } delta)
            {
                MapDelta(delta, index, state, output);
            }

            state.FinishReason = GeminiJson.String(choice, "finish_reason") ?? state.FinishReason;
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            _usage = GeminiParts.ChatUsage(usage);
            if (_choices.Values.Any(c => c.FinishReason is not null))
            {
                // The usage chunk OpenAI sends after the finish reason (stream_options.include_usage) is the last word.
                Finish(output);
            }
        }
    }

    private void MapDelta(JsonElement delta, int index, Choice state, IBufferWriter<byte> output)
    {
        // A provider that sends both reasoning fields sends the same text twice: reasoning_content is enough.
        var reasoning = GeminiJson.String(delta, "reasoning_content") ?? GeminiJson.String(delta, "reasoning");
        if (includeThoughts && !string.IsNullOrEmpty(reasoning))
        {
            Emit(output, index, reasoning, thought: true);
        }

        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (GeminiJson.String(delta, name) is { Length: > 0 } text)
            {
                Emit(output, index, text, thought: false);
            }
        }

        var position = 0;
        foreach (var call in GeminiJson.Array(delta, "tool_calls", "a delta"))
        {
            var at = GeminiJson.Property(call, "index") is { ValueKind: JsonValueKind.Number } i && i.TryGetInt32(out var n) ? n : position;
            position++;
            if (!state.Calls.TryGetValue(at, out var pending))
            {
                state.Calls[at] = pending = new Call();
            }

            pending.Id ??= GeminiJson.String(call, "id");
            var function = GeminiJson.Property(call, "function");
            pending.Name ??= GeminiJson.String(function, "name");
            pending.Arguments.Append(GeminiJson.String(function, "arguments"));
        }
    }

    /// <summary>One element with one text part for candidate <paramref name="index"/>.</summary>
    private void Emit(IBufferWriter<byte> output, int index, string text, bool thought)
    {
        Open(output);
        var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteStartArray("candidates");
        writer.WriteStartObject();
        writer.WriteStartObject("content");
        writer.WriteStartArray("parts");
        GeminiParts.Text(writer, text, thought);
        writer.WriteEndArray();
        writer.WriteString("role", "model");
        writer.WriteEndObject();
        writer.WriteNumber("index", index);
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteIdentity(writer);
        writer.WriteEndObject();
        writer.Flush();

        Close(output, last: false);
    }

    /// <summary>The last element: each candidate's assembled calls (or an empty text part), finish reason, and the usage; then the array's end.</summary>
    private void Finish(IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }

        if (_choices.Count == 0)
        {
            _choices[0] = new Choice();
        }

        Open(output);
        var writer = Writer(output);
        writer.WriteStartObject();
        writer.WriteStartArray("candidates");
        foreach (var (index, choice) in _choices)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("content");
            writer.WriteStartArray("parts");
            foreach (var call in choice.Calls.Values)
            {
                GeminiParts.Call(writer, call.Id, call.Name ?? "", call.Arguments.Length > 0 ? call.Arguments.ToString() : "{}");
            }

            if (choice.Calls.Count == 0)
            {
                GeminiParts.Text(writer, "");
            }

            writer.WriteEndArray();
            writer.WriteString("role", "model");
            writer.WriteEndObject();
            writer.WriteString("finishReason", GeminiFinishReason.From(choice.FinishReason));
            writer.WriteNumber("index", index);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (_usage is var (prompt, completion, reasoning, cached))
        {
            GeminiParts.Usage(writer, prompt, completion, reasoning, cached);
        }

        WriteIdentity(writer);
        writer.WriteEndObject();
        writer.Flush();

        Close(output, last: true);
        Ended = true;
    }

    private void WriteError(IBufferWriter<byte> output, int status, string message)
    {
        if (framing == GeminiFraming.JsonArray && !_opened)
        {
            // The array's first element: opened here, and left open for the forwarder's own error element that follows a cut stream.
            output.Write("["u8);
            using (var writer = new Utf8JsonWriter(output, ProtocolJson.Writer))
            {
                GeminiErrors.WriteBody(writer, status, message);
            }

            output.Write("\n\n"u8);
        }
        else
        {
            GeminiErrors.WriteStreamError(output, framing, status, message, close: false);
        }

        _opened = true;
        Ended = true;
    }

    /// <summary>One writer for the whole stream, pointed at the output anew for each element (a writer per element costs more than the element).</summary>
    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(output, ProtocolJson.Writer);
        }
        else
        {
            _writer.Reset(output);
        }

        return _writer;
    }

    private void WriteIdentity(Utf8JsonWriter writer)
    {
        writer.WriteString("modelVersion", _modelVersion);
        if (_responseId is not null)
        {
            writer.WriteString("responseId", _responseId);
        }
    }

    private void Open(IBufferWriter<byte> output)
    {
        if (framing == GeminiFraming.Sse)
        {
            output.Write("data: "u8);
        }
        else
        {
            output.Write(_opened ? ","u8 : "["u8);
        }

        _opened = true;
    }

    private void Close(IBufferWriter<byte> output, bool last) =>
        output.Write(framing == GeminiFraming.Sse ? "\r\n\r\n"u8 : last ? "\n\n]"u8 : "\n\n"u8);

    private sealed class Choice
    {
        public string? FinishReason { get; set; }

        public SortedDictionary<int, Call> Calls { get; } = [];
    }

    private sealed class Call
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
