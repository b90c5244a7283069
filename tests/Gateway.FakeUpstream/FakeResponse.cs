namespace Gateway.FakeUpstream;

/// <summary>How the fake answers one request. The defaults answer like a healthy OpenAI endpoint.</summary>
public sealed record FakeResponse
{
    /// <summary>HTTP status. Non-2xx statuses answer with an OpenAI error body.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Retry-After header value (seconds or an HTTP date), if any.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Wait this long before sending the response headers.</summary>
    public TimeSpan HeadersDelay { get; init; }

    /// <summary>Content chunks in a stream (the whole text when not streaming).</summary>
    public int Chunks { get; init; } = 3;

    /// <summary>Pause between stream chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>A misbehaviour, if any.</summary>
    public FakeFault Fault { get; init; }

    /// <summary>For <see cref="FakeFault.BreakAfterChunks"/> and <see cref="FakeFault.StallAfterChunks"/>.</summary>
    public int BreakAfterChunks { get; init; } = 1;

    /// <summary>When set, the stream waits for this after its first content chunk (to prove chunks arrive one by one).</summary>
    public TaskCompletionSource? HoldAfterFirstChunk { get; init; }

    /// <summary>When set, the answer waits at this gate before its first token (FakeUpstreamServer.Hedge.cs).</summary>
    public FakeGate? FirstTokenGate { get; init; }

    /// <summary>Writes the usage-only stream chunk with spaces and <c>usage</c> before <c>"choices": []</c>, as some providers format it.</summary>
    public bool SpacedUsageChunk { get; init; }

    /// <summary>How a complete chat stream ends after its finish and usage chunks: <c>[DONE]</c> (default), or not.</summary>
    public FakeStreamEnd End { get; init; }

    /// <summary>Error body code for non-2xx statuses.</summary>
    public string ErrorCode { get; init; } = "fake_error";

    /// <summary>Extra response headers, sent as given (non-ASCII values go out as UTF-8 bytes).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static FakeResponse Ok { get; } = new();

    public static FakeResponse WithStatus(int status, string? retryAfter = null) => new() { Status = status, RetryAfter = retryAfter };

    public static FakeResponse WithFault(FakeFault fault) => new() { Fault = fault };
}
