using System.Text.Json;
using Gateway.Sse;

namespace Gateway.Operations;

/// <summary>
/// Reads the held-back prefix of an OpenAI SSE stream, event by event, until it sees the first content:
/// a non-empty <c>delta.content</c> (or refusal, or reasoning), any <c>delta.tool_calls</c> or
/// <c>function_call</c>, a non-empty <c>text</c> (legacy completions' chunks), or a <c>finish_reason</c>. It also recognises <c>[DONE]</c> and error events.
/// It only ever looks at the bytes before the first token; after that the stream passes through unread.
/// Events are framed by <see cref="SseEventFramer"/> (lines in LF, CRLF or CR), and the bytes may arrive split anywhere.
/// </summary>
internal sealed class SseFirstTokenDetector : SseFirstTokenScanner
{
    protected override StreamSignal Judge(ReadOnlySpan<byte> sseEvent)
    {
        // A multi-line data field is rare in OpenAI streams; judge it by its last line, which is where
        // a JSON payload split over lines would end. Single-line payloads (the norm) are read whole.
        var lines = SseEvent.Data(sseEvent, out var data);
        if (lines == 0)
        {
            return StreamSignal.NeedMore;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return StreamSignal.Done;
        }

        return lines > 1 ? StreamSignal.NeedMore : Classify(data);
    }

    /// <summary>
    /// Reads the event's JSON once with a <see cref="Utf8JsonReader"/>, nothing allocated: the same judgement a
    /// <see cref="JsonDocument"/> gave (a duplicated name counts by its last value, as <c>TryGetProperty</c> finds it;
    /// malformed JSON is no content), without building one for every held event. An error event, rare, is read
    /// again as a document for its message.
    /// </summary>
    private StreamSignal Classify(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                return StreamSignal.NeedMore;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return StreamSignal.NeedMore;
            }

            var (error, content) = (false, false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("error"u8) ? 1 : reader.ValueTextEquals("choices"u8) ? 2 : 0;
                reader.Read();
                if (name == 2)
                {
                    content = reader.TokenType == JsonTokenType.StartArray ? ChoicesHaveContent(ref reader) : Skipped(ref reader, false);
                    continue;
                }

                error |= name == 1;
                reader.Skip();
            }

            return error ? ClassifyError(json) : content ? StreamSignal.Content : StreamSignal.NeedMore;
        }
        catch (JsonException)
        {
            return StreamSignal.NeedMore;
        }
    }

    /// <summary>The <c>choices</c> array the reader is at (read to its end): whether any choice has content.</summary>
    private static bool ChoicesHaveContent(ref Utf8JsonReader reader)
    {
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            // Each name by its last value: finish_reason a string, a non-empty text, a delta with content.
            var (finished, text, delta) = (false, false, false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("finish_reason"u8) ? 1 : reader.ValueTextEquals("text"u8) ? 2 : reader.ValueTextEquals("delta"u8) ? 3 : 0;
                reader.Read();
                switch (name)
                {
                    case 1:
                        finished = Skipped(ref reader, reader.TokenType == JsonTokenType.String);
                        break;
                    case 2:
                        text = Skipped(ref reader, IsNonEmptyString(ref reader));
                        break;
                    case 3:
                        delta = reader.TokenType == JsonTokenType.StartObject ? DeltaHasContent(ref reader) : Skipped(ref reader, false);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            any |= finished || text || delta;
        }

        return any;
    }

    /// <summary>The <c>delta</c> object the reader is at (read to its end): a non-empty content, refusal or reasoning, or any tool call.</summary>
    private static bool DeltaHasContent(ref Utf8JsonReader reader)
    {
        // One flag per name, so that a repeated name counts by its last value.
        Span<bool> seen = stackalloc bool[6];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("content"u8) ? 0 : reader.ValueTextEquals("refusal"u8) ? 1 : reader.ValueTextEquals("reasoning_content"u8) ? 2
                : reader.ValueTextEquals("reasoning"u8) ? 3 : reader.ValueTextEquals("tool_calls"u8) ? 4 : reader.ValueTextEquals("function_call"u8) ? 5 : -1;
            reader.Read();
            if (name >= 0)
            {
                seen[name] = name < 4 ? IsNonEmptyString(ref reader) : reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject;
            }

            reader.Skip();
        }

        return seen.Contains(true);
    }

    /// <summary>An escape always stands for at least one character, so a string's raw bytes are empty only when it is.</summary>
    private static bool IsNonEmptyString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > 0;

    /// <summary>Skips the value the reader is at and gives <paramref name="verdict"/>, taken before.</summary>
    private static bool Skipped(ref Utf8JsonReader reader, bool verdict)
    {
        reader.Skip();
        return verdict;
    }

    /// <summary>An event with an <c>error</c>: its message, read from the event as a document.</summary>
    private StreamSignal ClassifyError(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var error = document.RootElement.GetProperty("error");
        ErrorMessage = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : error.ToString();
        return StreamSignal.Error;
    }
}
