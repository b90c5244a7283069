using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>The Responses stream's event types (as UTF-8), and a cheap read of an event's <c>type</c>.</summary>
internal static class ResponsesEvents
{
    public static ReadOnlySpan<byte> Created => "response.created"u8;
    public static ReadOnlySpan<byte> InProgress => "response.in_progress"u8;
    public static ReadOnlySpan<byte> Completed => "response.completed"u8;
    public static ReadOnlySpan<byte> Incomplete => "response.incomplete"u8;
    public static ReadOnlySpan<byte> Failed => "response.failed"u8;
    public static ReadOnlySpan<byte> Error => "error"u8;
    public static ReadOnlySpan<byte> OutputItemAdded => "response.output_item.added"u8;
    public static ReadOnlySpan<byte> OutputItemDone => "response.output_item.done"u8;
    public static ReadOnlySpan<byte> ContentPartAdded => "response.content_part.added"u8;
    public static ReadOnlySpan<byte> ContentPartDone => "response.content_part.done"u8;
    public static ReadOnlySpan<byte> OutputTextDelta => "response.output_text.delta"u8;
    public static ReadOnlySpan<byte> OutputTextDone => "response.output_text.done"u8;
    public static ReadOnlySpan<byte> RefusalDelta => "response.refusal.delta"u8;
    public static ReadOnlySpan<byte> RefusalDone => "response.refusal.done"u8;
    public static ReadOnlySpan<byte> ReasoningTextDelta => "response.reasoning_text.delta"u8;
    public static ReadOnlySpan<byte> ReasoningTextDone => "response.reasoning_text.done"u8;
    public static ReadOnlySpan<byte> ReasoningSummaryTextDelta => "response.reasoning_summary_text.delta"u8;
    public static ReadOnlySpan<byte> FunctionCallArgumentsDelta => "response.function_call_arguments.delta"u8;
    public static ReadOnlySpan<byte> FunctionCallArgumentsDone => "response.function_call_arguments.done"u8;

    public static ReadOnlySpan<byte> CustomToolCallInputDelta => "response.custom_tool_call_input.delta"u8;

    public static ReadOnlySpan<byte> CustomToolCallInputDone => "response.custom_tool_call_input.done"u8;

    /// <summary>
    /// The top-level <c>type</c> of an event's JSON, found without building a document (every delta event passes
    /// through here): OpenAI writes it first, so usually three tokens are read. Empty when there is none or the
    /// JSON is not an object; an escaped type (no writer does that) is unescaped.
    /// </summary>
    public static ReadOnlySpan<byte> TypeOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Contracts.JsonText.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType)
                {
                    return reader.TokenType != JsonTokenType.String ? default
                        : reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
                        : json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                }

                reader.Skip();
            }

            return default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
