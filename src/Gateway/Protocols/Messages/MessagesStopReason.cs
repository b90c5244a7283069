namespace Gateway.Protocols.Messages;

/// <summary>A chat-completions <c>finish_reason</c> as an Anthropic <c>stop_reason</c>.</summary>
internal static class MessagesStopReason
{
    /// <summary>
    /// <c>length</c> is <c>max_tokens</c>, <c>tool_calls</c> (and the older <c>function_call</c>) <c>tool_use</c>,
    /// <c>content_filter</c> <c>refusal</c>, anything else <c>end_turn</c>. A turn that called tools is
    /// <c>tool_use</c> whatever its finish reason: some providers say <c>stop</c> there, and agents run the tools
    /// only on <c>tool_use</c>. Chat completions does not say which stop sequence matched, so
    /// <c>stop_sequence</c> is never reported (<c>stop</c> is <c>end_turn</c>).
    /// </summary>
    public static string From(string? finishReason, bool calledTools) => finishReason switch
    {
        "length" => "max_tokens",
        "content_filter" => "refusal",
        "tool_calls" or "function_call" => "tool_use",
        _ when calledTools => "tool_use",
        _ => "end_turn",
    };
}
