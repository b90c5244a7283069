using System.Buffers;
using Gateway.Protocols.Chat;

namespace Gateway.Protocols;

/// <summary>One translated stream: the provider format's reader handing typed events to the client format's writer.</summary>
internal sealed class StreamTranslation(IChatEventReader reader, IChatEventWriter writer)
{
    /// <summary>Bytes the reader's framer has looked at.</summary>
    public long BytesScanned => reader.BytesScanned;

    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output) => reader.Feed(input, output, writer);
}
