using System.Text.Json;

namespace Gateway.Forwarding;

/// <summary>
/// Reads the held-back prefix of an OpenAI SSE stream, event by event, until it sees the first content:
/// a non-empty <c>delta.content</c> (or refusal, or reasoning), any <c>delta.tool_calls</c> or
/// <c>function_call</c>, or a <c>finish_reason</c>. It also recognises <c>[DONE]</c> and error events.
/// It only ever looks at the bytes before the first token; after that the stream passes through unread.
/// Lines may end in LF or CRLF, and the bytes may arrive split anywhere.
/// </summary>
internal sealed class SseFirstTokenDetector
{
    private int _lineStart;
    private int _dataStart = -1;
    private int _dataEnd;
    private bool _multiLineData;

    /// <summary>The upstream's error message after <see cref="StreamSignal.Error"/>.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>Scans whatever complete lines <paramref name="held"/> (all bytes so far) has beyond the last call.</summary>
    public StreamSignal Scan(ReadOnlySpan<byte> held)
    {
        while (true)
        {
            var newline = held[_lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return StreamSignal.NeedMore;
            }

            var lineEnd = _lineStart + newline;
            var line = held[_lineStart..lineEnd];
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            var lineStart = _lineStart;
            _lineStart = lineEnd + 1;
            if (line.IsEmpty)
            {
                var signal = Dispatch(held);
                if (signal != StreamSignal.NeedMore)
                {
                    return signal;
                }
            }
            else if (line.StartsWith("data:"u8))
            {
                var offset = line.Length > 5 && line[5] == (byte)' ' ? 6 : 5;
                _multiLineData |= _dataStart >= 0;
                _dataStart = lineStart + offset;
                _dataEnd = lineStart + line.Length;
            }
        }
    }

    private StreamSignal Dispatch(ReadOnlySpan<byte> held)
    {
        if (_dataStart < 0)
        {
            return StreamSignal.NeedMore;
        }

        // A multi-line data field is rare in OpenAI streams; judge it by its last line, which is where
        // a JSON payload split over lines would end. Single-line payloads (the norm) are read whole.
        var data = held[_dataStart.._dataEnd];
        var multiLine = _multiLineData;
        (_dataStart, _multiLineData) = (-1, false);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return StreamSignal.Done;
        }

        return multiLine ? StreamSignal.NeedMore : Classify(data);
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
