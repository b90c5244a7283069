using Gateway.Sse;

namespace Gateway.Protocols.Gemini;

/// <summary>
/// The JSON of one element of a Gemini stream as the event framer cuts it: the data of an SSE event, or an element of
/// the JSON-array stream (<see cref="GeminiStreamMapper"/> follows each with a blank line) without the <c>[</c> or
/// <c>,</c> before it.
/// </summary>
internal static class GeminiStreamElement
{
    public static ReadOnlySpan<byte> Json(ReadOnlySpan<byte> framed)
    {
        if (framed.StartsWith("data:"u8))
        {
            return SseEvent.Data(framed, out var data) > 0 ? data : default;
        }

        framed = framed.TrimStart(" \t\r\n"u8);
        return framed.StartsWith("["u8) || framed.StartsWith(","u8) ? framed[1..].Trim(" \t\r\n"u8) : framed.TrimEnd(" \t\r\n"u8);
    }
}
