using System.Buffers;

namespace Gateway.Protocols.Chat;

/// <summary>Writes typed chat events in one client format: each event written once, as soon as it is given.</summary>
internal interface IChatEventWriter
{
    /// <summary>One chunk (read once by the caller; valid during the call only).</summary>
    void Chunk(ChatChunk chunk, IBufferWriter<byte> output);

    /// <summary>The stream's end marker (<c>data: [DONE]</c> in chat).</summary>
    void Done(IBufferWriter<byte> output);
}
