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

    private StreamSignal Classify(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return StreamSignal.NeedMore;
            }

            if (root.TryGetProperty("error", out var error))
            {
                ErrorMessage = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()
                    : error.ToString();
                return StreamSignal.Error;
            }

            return root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && HasContent(choices)
                ? StreamSignal.Content
                : StreamSignal.NeedMore;
        }
        catch (JsonException)
        {
            return StreamSignal.NeedMore;
        }
    }

    private static bool HasContent(JsonElement choices)
    {
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                return true;
            }

            // Legacy completions (/v1/completions) stream their text in the choice itself, with no delta.
            if (NonEmptyString(choice, "text"))
            {
                return true;
            }

            if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (NonEmptyString(delta, "content") || NonEmptyString(delta, "refusal") || NonEmptyString(delta, "reasoning_content") || NonEmptyString(delta, "reasoning")
                || Present(delta, "tool_calls") || Present(delta, "function_call"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Present(JsonElement delta, string name) =>
        delta.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Array or JsonValueKind.Object;

    private static bool NonEmptyString(JsonElement delta, string name) =>
        delta.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;
}
