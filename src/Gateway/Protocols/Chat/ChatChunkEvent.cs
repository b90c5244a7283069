using System.Text.Json;
using Gateway.Sse;

namespace Gateway.Protocols.Chat;

/// <summary>
/// One chat-completions SSE event as a translating stream mapper (Messages, Gemini) reads it: nothing to map (no
/// data), the end (<c>[DONE]</c>), or a chunk parsed once. A chunk that is not JSON cannot be translated: the stream
/// ends as broken (<see cref="InvalidDataException"/>).
/// </summary>
internal static class ChatChunkEvent
{
    /// <summary>The chunk of <paramref name="sseEvent"/> (the caller disposes it), or null with <paramref name="done"/> telling whether it was <c>[DONE]</c>.</summary>
    public static JsonDocument? Read(ReadOnlySpan<byte> sseEvent, out bool done)
    {
        done = false;
        if (SseEvent.Data(sseEvent, out var data) == 0)
        {
            return null;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            done = true;
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(data);
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("An event from the provider is not JSON: " + e.Message, e);
        }
    }
}
