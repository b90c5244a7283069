using System.Buffers;
using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Responses;

/// <summary>
/// Typed chat events (<see cref="IChatEventWriter"/>, from any provider format's reader) as a Responses event stream (pure, incremental):
/// <c>response.created</c> and <c>response.in_progress</c> first, then each output item's events (added, content part,
/// deltas, done) as the chunks bring them, and <c>response.completed</c> (or <c>response.incomplete</c>) with the whole
/// response object once the usage chunk or <c>[DONE]</c> arrives. Every event carries the next <c>sequence_number</c>.
/// A chat error event becomes an <c>error</c> event and <c>response.failed</c>. Each source event's output is written
/// as soon as the event is complete, whatever the byte boundaries; only one split event is held.
/// </summary>
internal sealed partial class ResponsesStreamMapper(ResponseContext context) : IChatEventWriter
{
    private ChatStreamReader? _chat;
    private readonly ResponseObjectWriter _response = new(context);
    private readonly List<OutputItem> _items = [];
    private readonly Dictionary<int, OutputItem> _calls = [];
    private OutputItem? _open;
    private int _sequence;
    private bool _started;
    private bool _finished;
    private bool _ended;
    private string? _finishReason;
    private ResponseUsage? _usage;

    /// <summary>The finished answer, once <c>response.completed</c> (or <c>response.incomplete</c>) was written.</summary>
    public CompletedResponse? Completed { get; private set; }

    /// <summary>Bytes the chat event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _chat?.BytesScanned ?? 0;

    /// <summary>
    /// Feeds chat SSE bytes (a provider that speaks chat); appends the Responses events they complete to <paramref name="output"/>. An event longer
    /// than the framer's cap is no chunk a provider sends, and fails the stream (<see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output) => (_chat ??= new ChatStreamReader()).Feed(chatSse, output, this);

    public void Done(IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }

        Start(output);
        Complete(output);
    }

    /// <summary>A chunk with only text, as the provider's JSON string: what <see cref="Chunk"/> does with it, without a string between.</summary>
    public void Text(ChatChunk chunk, ReadOnlySpan<byte> jsonString, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }

        Start(output);
        if (!_finished && jsonString.Length > 2)
        {
            TextDelta(jsonString, output);
        }
    }

    public void Chunk(ChatChunk chunk, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }

        Start(output);
        if (chunk.Error is { } error)
        {
            Fail(error, output);
            return;
        }

        var usage = chunk.Usage is { } chat ? ResponseUsage.FromChat(chat) : (ResponseUsage?)null;
        _usage = usage ?? _usage;
        if (!_finished && chunk.HasChoice)
        {
            Delta(chunk, output);
            if (chunk.FinishReason is { } reason)
            {
                Finish(reason, output);
            }
        }

        // The usage chunk comes after the finish reason (or with it): nothing is left to say.
        if (_finished && usage is not null)
        {
            Complete(output);
        }
    }
}
