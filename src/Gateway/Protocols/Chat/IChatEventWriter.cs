using System.Buffers;

namespace Gateway.Protocols.Chat;

/// <summary>Writes typed chat events in one client format: each event written once, as soon as it is given.</summary>
internal interface IChatEventWriter
{
    /// <summary>One chunk (read once by the caller; valid during the call only).</summary>
    void Chunk(ChatChunk chunk, IBufferWriter<byte> output);

    /// <summary>
    /// A chunk whose only delta is text, given as the JSON string token the provider sent (quotes included; valid JSON
    /// and UTF-8, as <c>MessagesStreamEvent.TryReadTextDelta</c> proves): a writer whose format carries text as a JSON
    /// string writes it as it came; any other decodes it into <see cref="ChatChunk.Content"/> and writes the chunk.
    /// </summary>
    void Text(ChatChunk chunk, ReadOnlySpan<byte> jsonString, IBufferWriter<byte> output)
    {
        var reader = new System.Text.Json.Utf8JsonReader(jsonString);
        reader.Read();
        chunk.Content = reader.GetString();
        Chunk(chunk, output);
    }

    /// <summary>The stream's end marker (<c>data: [DONE]</c> in chat).</summary>
    void Done(IBufferWriter<byte> output);
}
