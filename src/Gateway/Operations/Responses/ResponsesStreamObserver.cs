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
            if (ReadUsage(json) is { } usage)
            {
                Usage = usage;
            }
        }
        catch (JsonException)
        {
            // An unreadable end event still ends the stream; it just reports no usage.
        }
    }

    /// <summary>
    /// The <c>response</c> object's <c>usage</c> (input and output tokens, 0 when absent or not an integer), in one pass
    /// of a reader, no document: the end event repeats the whole output. The value is read to its end, so JSON that is
    /// not whole fails as before; a repeated property counts as its last occurrence.
    /// </summary>
    private static TokenUsage? ReadUsage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("No JSON value.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        TokenUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var response = reader.ValueTextEquals("response"u8);
            reader.Read();
            if (response)
            {
                usage = reader.TokenType == JsonTokenType.StartObject ? ResponseUsage(ref reader) : SkipValue(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return usage;
    }

    private static TokenUsage? ResponseUsage(ref Utf8JsonReader reader)
    {
        TokenUsage? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var named = reader.ValueTextEquals("usage"u8);
            reader.Read();
            if (!named)
            {
                reader.Skip();
            }
            else if (reader.TokenType != JsonTokenType.StartObject)
            {
                usage = SkipValue(ref reader);
            }
            else
            {
                long input = 0, output = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (isInput, isOutput) = (reader.ValueTextEquals("input_tokens"u8), reader.ValueTextEquals("output_tokens"u8));
                    reader.Read();
                    var value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? number : 0;
                    reader.Skip();
                    (input, output) = (isInput ? value : input, isOutput ? value : output);
                }

                usage = new TokenUsage(input, output);
            }
        }

        return usage;
    }

    private static TokenUsage? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static bool IsContentDelta(ReadOnlySpan<byte> type) =>
        type.EndsWith(".delta"u8) && (type.SequenceEqual(ResponsesEvents.OutputTextDelta) || type.SequenceEqual(ResponsesEvents.FunctionCallArgumentsDelta)
            || type.SequenceEqual(ResponsesEvents.RefusalDelta) || type.SequenceEqual(ResponsesEvents.ReasoningTextDelta)
            || type.SequenceEqual(ResponsesEvents.ReasoningSummaryTextDelta) || type.SequenceEqual("response.custom_tool_call_input.delta"u8));
}
