namespace Gateway.Protocols.Messages;

/// <summary>The Messages format's one stop-reason table: Anthropic's <c>stop_reason</c> and chat's <c>finish_reason</c>, both directions.</summary>
internal static class MessagesStopReasons
{
    private static readonly (string StopReason, string FinishReason)[] Table =
    [
        ("end_turn", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
    ];

    /// <summary>An Anthropic <c>stop_reason</c> as a chat <c>finish_reason</c>: anything not in the table (a stop sequence, a pause) is <c>stop</c>.</summary>
    public static string ToChat(string? stopReason)
    {
        foreach (var (stop, finish) in Table)
        {
            if (stop == stopReason)
            {
                return finish;
            }
        }

        return "stop";
    }

    /// <summary>
    /// A chat <c>finish_reason</c> as an Anthropic <c>stop_reason</c>: <c>length</c> is <c>max_tokens</c>,
    /// <c>tool_calls</c> (and the older <c>function_call</c>) <c>tool_use</c>, <c>content_filter</c> <c>refusal</c>,
    /// anything else <c>end_turn</c>. A turn that called tools is <c>tool_use</c> whatever its finish reason: some
    /// providers say <c>stop</c> there, and agents run the tools only on <c>tool_use</c>. Chat completions does not
    /// say which stop sequence matched, so <c>stop_sequence</c> is never reported (<c>stop</c> is <c>end_turn</c>).
    /// </summary>
    public static string FromChat(string? finishReason, bool calledTools)
    {
        var reason = finishReason == "function_call" ? "tool_calls" : finishReason;
        foreach (var (stop, finish) in Table)
        {
            if (finish == reason && (stop != "end_turn" || !calledTools))
            {
                return stop;
            }
        }

        return calledTools ? "tool_use" : "end_turn";
    }
}
