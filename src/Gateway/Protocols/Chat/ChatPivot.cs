using System.Buffers;

namespace Gateway.Protocols.Chat;

/// <summary>
/// For a client format whose stream mapper reads chat SSE bytes rather than typed events: a provider of another
/// format's events written as chat chunks into a scratch buffer, which the mapper then reads. Two serialisations
/// instead of one; no translation on the request path uses it where a typed writer exists.
/// </summary>
internal sealed class ChatPivot(IChatEventReader reader, Action<ReadOnlySpan<byte>, IBufferWriter<byte>> chatFeed)
{
    private readonly ChatStreamWriter _chat = new(0);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);

    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _scratch.ResetWrittenCount();
        reader.Feed(input, _scratch, _chat);
        if (_scratch.WrittenCount > 0)
        {
            chatFeed(_scratch.WrittenSpan, output);
        }

        if (input.IsEmpty)
        {
            // The source ended: the mapper is told as a chat source would tell it.
            chatFeed(default, output);
        }
    }
}
