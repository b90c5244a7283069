namespace Gateway.Protocols.Gemini;

/// <summary>
/// Chat completions' <c>finish_reason</c> as Gemini's <c>finishReason</c>: <c>stop</c> and <c>tool_calls</c> (Gemini
/// ends a turn with function calls as STOP) are STOP, <c>length</c> MAX_TOKENS, <c>content_filter</c> SAFETY, anything
/// else OTHER.
/// </summary>
internal static class GeminiFinishReason
{
    public static string From(string? chatFinishReason) => chatFinishReason switch
    {
        "stop" or "tool_calls" or "function_call" or null => "STOP",
        "length" => "MAX_TOKENS",
        "content_filter" => "SAFETY",
        _ => "OTHER",
    };
}
