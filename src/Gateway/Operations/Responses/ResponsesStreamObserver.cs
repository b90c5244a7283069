using System.Text.Json;
using Gateway.Protocols.Responses;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Operations.Responses;

/// <summary>
/// Watches a released Responses event stream for its complete end (<c>response.completed</c> or
/// <c>response.incomplete</c>) and the usage that event's response object reports (also read from
/// <c>response.failed</c>, which may carry some). Every other event is passed over after reading its <c>type</c>,
/// except, when <paramref name="count"/> (the request's key has limits), the text, refusal, reasoning and
/// function-call argument deltas, whose <c>delta</c> is tokenized (<see cref="PassedTokens"/>).
/// </summary>
internal sealed class ResponsesStreamObserver(bool count = false) : IStreamObserver
{
    public bool Complete { get; private set; }

    public TokenUsage? Usage { get; private set; }

    public int PassedTokens { get; private set; }

    public void Observe(ReadOnlySpan<byte> sseEvent)
    {
        if (SseEvent.Data(sseEvent, out var json) != 1)
        {
            return;
        }

        var type = ResponsesEvents.TypeOf(json);
        if (count && IsContentDelta(type))
        {
            PassedTokens += DeltaTokens.OfString(json, "delta"u8);
            return;
        }

        var ends = type.SequenceEqual(ResponsesEvents.Completed) || type.SequenceEqual(ResponsesEvents.Incomplete);
        if (!ends && !type.SequenceEqual(ResponsesEvents.Failed))
        {
            return;
        }

        Complete |= ends;
        try
        {
            using var document = ResponsesJson.Parse(json);
            if (document.RootElement.TryGetProperty("response", out var response) && ResponsesJson.Has(response, "usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                Usage = new TokenUsage(ResponsesJson.Number(usage, "input_tokens"), ResponsesJson.Number(usage, "output_tokens"));
            }
        }
        catch (JsonException)
        {
            // An unreadable end event still ends the stream; it just reports no usage.
        }
    }

    private static bool IsContentDelta(ReadOnlySpan<byte> type) =>
        type.EndsWith(".delta"u8) && (type.SequenceEqual(ResponsesEvents.OutputTextDelta) || type.SequenceEqual(ResponsesEvents.FunctionCallArgumentsDelta)
            || type.SequenceEqual(ResponsesEvents.RefusalDelta) || type.SequenceEqual(ResponsesEvents.ReasoningTextDelta)
            || type.SequenceEqual(ResponsesEvents.ReasoningSummaryTextDelta) || type.SequenceEqual("response.custom_tool_call_input.delta"u8));
}
