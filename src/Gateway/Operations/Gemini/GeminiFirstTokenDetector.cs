using System.Text.Json;
using Gateway.Protocols.Gemini;

namespace Gateway.Operations.Gemini;

/// <summary>
/// Reads the held-back beginning of this gateway's Gemini stream (either framing): <see cref="GeminiStreamMapper"/>
/// writes an element only for content (a text or thought part) or for the end, so the first element releases the
/// stream, unless it is an error element (<see cref="StreamSignal.Error"/>, with its message).
/// </summary>
internal sealed class GeminiFirstTokenDetector : SseFirstTokenScanner
{
    protected override StreamSignal Judge(ReadOnlySpan<byte> framed)
    {
        var json = GeminiStreamElement.Json(framed);
        if (json.IsEmpty)
        {
            return StreamSignal.NeedMore;
        }

        if (!json.StartsWith("{\"error\""u8))
        {
            return StreamSignal.Content;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            ErrorMessage = GeminiJson.String(GeminiJson.Property(document.RootElement, "error"), "message") ?? "The stream reported an error.";
        }
        catch (JsonException)
        {
            ErrorMessage = "The stream reported an error.";
        }

        return StreamSignal.Error;
    }
}
