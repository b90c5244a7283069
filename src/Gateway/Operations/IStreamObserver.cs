using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// Watches the complete events of a released stream in an operation's own event format (Responses, Anthropic
/// Messages) for the two things the forwarder must know: the usage it reports and whether it reached its complete
/// end, and (for a request whose key has limits) the tokens of the content that passed. The forwarder frames the events (<see cref="Sse.SseEventFramer"/>) and hands each one over once, whole.
/// Chat completions keep their cheaper tail rule (<see cref="GatewayOperation.EndsComplete"/>) and usage filter.
/// </summary>
internal interface IStreamObserver
{
    /// <summary>Looks at one complete SSE event (its lines and the blank line that ends it).</summary>
    void Observe(ReadOnlySpan<byte> sseEvent);

    /// <summary>Whether the event that marks a complete end has been seen.</summary>
    bool Complete { get; }

    /// <summary>The usage the stream reported so far, if any.</summary>
    TokenUsage? Usage { get; }

    /// <summary>
    /// The completion tokens counted in the content events observed (text, tool-call arguments, refusal and reasoning
    /// deltas, each counted as it passes), when the observer was asked to count; else 0. What a client that left before
    /// the upstream's usage came is billed for.
    /// </summary>
    int PassedTokens { get; }
}
