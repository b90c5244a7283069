using System.Text.Json;
using Gateway.Protocols.Responses;
using Gateway.Sse;

namespace Gateway.Operations.Responses;

/// <summary>
/// Reads the held-back beginning of a Responses event stream (OpenAI's own, or the chat translation's) until its first
/// content: a text, refusal, reasoning or function-call-arguments delta, or an added tool-call item (a function call
/// or a built-in tool's call). <c>response.completed</c> or <c>response.incomplete</c> before that is a complete answer
/// with no content (<see cref="StreamSignal.Done"/>); <c>error</c> or <c>response.failed</c> is an error. Events are
/// framed by <see cref="SseEventFramer"/>, each judged once, by its JSON's <c>type</c>.
/// </summary>
internal sealed class ResponsesFirstTokenDetector : SseFirstTokenScanner
{
    protected override StreamSignal Judge(ReadOnlySpan<byte> sseEvent) =>
        SseEvent.Data(sseEvent, out var data) == 1 ? Classify(data) : StreamSignal.NeedMore;

    private StreamSignal Classify(ReadOnlySpan<byte> json)
    {
        var type = ResponsesEvents.TypeOf(json);
        if (type.SequenceEqual(ResponsesEvents.OutputTextDelta) || type.SequenceEqual(ResponsesEvents.RefusalDelta)
            || type.SequenceEqual(ResponsesEvents.FunctionCallArgumentsDelta) || type.SequenceEqual(ResponsesEvents.ReasoningTextDelta)
            || type.SequenceEqual(ResponsesEvents.ReasoningSummaryTextDelta))
        {
            return StreamSignal.Content;
        }

        if (type.SequenceEqual(ResponsesEvents.Completed) || type.SequenceEqual(ResponsesEvents.Incomplete) || json.SequenceEqual("[DONE]"u8))
        {
            return StreamSignal.Done;
        }

        var isError = type.SequenceEqual(ResponsesEvents.Error);
        if (!isError && !type.SequenceEqual(ResponsesEvents.Failed) && !type.SequenceEqual(ResponsesEvents.OutputItemAdded))
        {
            return StreamSignal.NeedMore;
        }

        using var document = ResponsesJson.Parse(json);
        var root = document.RootElement;
        if (!isError && root.TryGetProperty("item", out var item))
        {
            // A tool call of any kind (function_call, custom_tool_call, web_search_call, ...) is the model's output.
            return ResponsesJson.String(item, "type") is { } itemType && (itemType.EndsWith("_call", StringComparison.Ordinal)) ? StreamSignal.Content : StreamSignal.NeedMore;
        }

        var error = isError ? root : root.TryGetProperty("response", out var response) && ResponsesJson.Has(response, "error", out var failure) ? failure : default;
        ErrorMessage = ResponsesJson.String(error, "message") ?? "The response failed.";
        return StreamSignal.Error;
    }
}
