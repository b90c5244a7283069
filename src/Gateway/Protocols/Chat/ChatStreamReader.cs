using System.Buffers;
using Gateway.Sse;

namespace Gateway.Protocols.Chat;

/// <summary>
/// A chat-completions event stream as typed events: each SSE event framed once and its chunk parsed once
/// (<see cref="ChatChunkJson"/>); <c>data: [DONE]</c> is the end; an event without data says nothing.
/// </summary>
internal sealed class ChatStreamReader : IChatEventReader
{
    private readonly SseEventFeeder _events = new();
    private readonly ChatChunk _chunk = new();
    private readonly Action<ReadOnlySpan<byte>, IBufferWriter<byte>> _map;
    private IChatEventWriter? _writer;

    public ChatStreamReader() => _map = MapEvent;

    public long BytesScanned => _events.BytesScanned;

    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output, IChatEventWriter writer)
    {
        _writer = writer;
        _events.Feed(input, output, _map);
    }

    private void MapEvent(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (SseEvent.Data(sseEvent, out var data) == 0)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            _writer!.Done(output);
            return;
        }

        _chunk.Clear();
        ChatChunkJson.Read(data, _chunk);
        _writer!.Chunk(_chunk, output);
    }
}
