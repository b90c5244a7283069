using System.Buffers;
using System.Text.Json;
using Gateway.Sse;

namespace Gateway.Protocols.Responses;

/// <summary>
/// A chat-completions stream (<c>chat.completion.chunk</c> events) to a Responses event stream (pure, incremental):
/// <c>response.created</c> and <c>response.in_progress</c> first, then each output item's events (added, content part,
/// deltas, done) as the chunks bring them, and <c>response.completed</c> (or <c>response.incomplete</c>) with the whole
/// response object once the usage chunk or <c>[DONE]</c> arrives. Every event carries the next <c>sequence_number</c>.
/// A chat error event becomes an <c>error</c> event and <c>response.failed</c>. Each source event's output is written
/// as soon as the event is complete, whatever the byte boundaries; only one split event is held.
/// </summary>
internal sealed partial class ResponsesStreamMapper(ResponseContext context)
{
    private readonly SseEventFeeder _events = new();
    private Action<ReadOnlySpan<byte>, IBufferWriter<byte>>? _map;
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

    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    internal long BytesScanned => _events.BytesScanned;

    /// <summary>
    /// Feeds chat SSE bytes; appends the Responses events they complete to <paramref name="output"/>. An event longer
    /// than the framer's cap is no chunk a provider sends, and fails the stream (<see cref="InvalidDataException"/>).
    /// </summary>
    public void Feed(ReadOnlySpan<byte> chatSse, IBufferWriter<byte> output) => _events.Feed(chatSse, output, _map ??= MapEvent);

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (_ended || SseEvent.Data(sseEvent, out var data) == 0)
        {
            return;
        }

        Start(output);
        if (data.SequenceEqual("[DONE]"u8))
        {
            Complete(output);
            return;
        }

        using var document = ResponsesJson.Parse(data);
        var root = document.RootElement;
        if (ResponsesJson.Has(root, "error", out var error))
        {
            Fail(error, output);
            return;
        }

        var usage = ResponseUsage.FromChat(root);
        _usage = usage ?? _usage;
        var choice = ResponsesResponseMapper.FirstChoice(root);
        if (!_finished && choice.ValueKind == JsonValueKind.Object)
        {
            if (ResponsesJson.Has(choice, "delta", out var delta))
            {
                Delta(delta, output);
            }

            if (ResponsesJson.String(choice, "finish_reason") is { } reason)
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
