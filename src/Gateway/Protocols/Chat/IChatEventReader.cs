using System.Buffers;

namespace Gateway.Protocols.Chat;

/// <summary>Reads one provider format's event stream as typed chat events: each event framed and parsed once.</summary>
internal interface IChatEventReader
{
    /// <summary>Bytes the event framer has looked at (each byte once; tests hold this to the input's length).</summary>
    long BytesScanned { get; }

    /// <summary>
    /// Feeds bytes split anywhere; every event they complete goes to <paramref name="writer"/>, which writes to
    /// <paramref name="output"/>. An event longer than the framer's cap fails the stream (<see cref="InvalidDataException"/>).
    /// </summary>
    void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output, IChatEventWriter writer);
}
