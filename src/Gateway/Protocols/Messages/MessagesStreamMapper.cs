using System.Buffers;
using System.Text.Json;
using Gateway.Sse;

using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Messages;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> events as an Anthropic Messages event stream (pure, incremental). Each
/// Anthropic event is written as soon as the chat event that completes it is fed, whatever the byte boundaries:
/// <c>message_start</c> (its usage the estimated input tokens, since chat reports usage only at the end) and one
/// <c>ping</c> at the first chunk; then content blocks with consecutive indexes, one
/// open at a time (reasoning as <c>thinking</c>, text as <c>text</c>, each tool call as <c>tool_use</c> with its
/// arguments as <c>input_json_delta</c> pieces, see <see cref="Apply"/>); at the usage chunk after the finish
/// reason, or at <c>data: [DONE]</c>, the open block's stop, <c>message_delta</c> (stop reason, usage) and
/// <c>message_stop</c>. A chat error event becomes an <c>error</c> event and ends the stream.
/// </summary>
internal sealed partial class MessagesStreamMapper(string model, long estimatedInputTokens = 0)
{
    private readonly SseEventFeeder _events = new();
    private Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _map;
    private string _messageId = "msg_gateway";
    private bool _started;
    private bool _ended;
    private string? _finishReason;
    private MessagesUsage _usage;

    /// <summary>Whether <c>message_stop</c> (or an <c>error</c> event) has been written: later input is ignored.</summary>
    public bool Ended => _ended;

    /// <summary>
    /// Feeds chat SSE bytes; appends the Anthropic events they complete to <paramref name="output"/>. Only an event
    /// split across feeds is held, up to the framer's cap (longer, in one feed or many: <see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output) => _events.Feed(chatSse, output, _map ??= MapEvent);

    /// <summary>
    /// For an upstream that closed without <c>data: [DONE]</c>: once a finish reason has come, writes the end of the
    /// message (as <c>[DONE]</c> would) and returns true; before that the stream was cut, and nothing is written.
    /// </summary>
    public bool TryFinish(IBufferWriter<byte> output)
    {
        if (_ended || _finishReason is null)
        {
            return _ended;
        }

        Finish(output);
        return true;
    }

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _events.BytesScanned;

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (_ended)
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
}
