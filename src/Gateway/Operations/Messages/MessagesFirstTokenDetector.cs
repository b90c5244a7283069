using System.Text.Json;
using Gateway.Protocols.Messages;
using Gateway.Sse;

namespace Gateway.Operations.Messages;

/// <summary>
/// Reads the held-back beginning of an Anthropic Messages event stream (a native one passed through, or this
/// gateway's translation) until it sees the first content: a <c>content_block_delta</c> carrying text, thinking or
/// tool input, or the start of a <c>tool_use</c> block (a tool call is content even before its input streams).
/// <c>message_stop</c> before that is a complete answer with no content (<see cref="StreamSignal.Done"/>); an
/// <c>error</c> event is <see cref="StreamSignal.Error"/> with its message. Events are framed by
/// <see cref="SseEventFramer"/>; the bytes may arrive split anywhere.
/// </summary>
internal sealed class MessagesFirstTokenDetector : SseFirstTokenScanner
{
    protected override StreamSignal Judge(ReadOnlySpan<byte> sseEvent) =>
        SseEvent.Data(sseEvent, out var data) == 0 ? StreamSignal.NeedMore : Classify(data);

    private StreamSignal Classify(ReadOnlySpan<byte> json)
    {
        var type = MessagesEventTypes.Read(json);
        switch (type)
        {
            case MessagesEventType.MessageStop:
                return StreamSignal.Done;
            case MessagesEventType.ContentBlockDelta or MessagesEventType.ContentBlockStart or MessagesEventType.Error:
                break;
            default:
                return StreamSignal.NeedMore;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (type == MessagesEventType.Error)
            {
                var error = root.TryGetProperty("error", out var e) ? e : default;
                ErrorMessage = MessagesJson.String(error, "message") ?? MessagesJson.String(error, "type") ?? "The stream reported an error.";
                return StreamSignal.Error;
            }

            return type == MessagesEventType.ContentBlockDelta ? DeltaHasContent(root) : StartHasContent(root);
        }
        catch (JsonException)
        {
            return StreamSignal.NeedMore;
        }
    }

    private static StreamSignal DeltaHasContent(JsonElement root)
    {
        var delta = root.TryGetProperty("delta", out var d) ? d : default;
        var has = MessagesJson.String(delta, "type") switch
        {
            "text_delta" => MessagesJson.String(delta, "text") is { Length: > 0 },
            "thinking_delta" => MessagesJson.String(delta, "thinking") is { Length: > 0 },
            "input_json_delta" => MessagesJson.String(delta, "partial_json") is { Length: > 0 },
            _ => false,
        };
        return has ? StreamSignal.Content : StreamSignal.NeedMore;
    }

    /// <summary>A tool call (client or server tool) or a redacted thinking block is content when it starts; text and thinking blocks start empty.</summary>
    private static StreamSignal StartHasContent(JsonElement root)
    {
        var block = root.TryGetProperty("content_block", out var b) ? b : default;
        var has = MessagesJson.String(block, "type") switch
        {
            "tool_use" or "server_tool_use" or "redacted_thinking" => true,
            "text" => MessagesJson.String(block, "text") is { Length: > 0 },
            _ => false,
        };
        return has ? StreamSignal.Content : StreamSignal.NeedMore;
    }
}
