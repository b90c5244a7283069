namespace Gateway.Operations;

/// <summary>What the events seen so far say about a stream that is being held back.</summary>
internal enum StreamSignal
{
    /// <summary>No content yet: keep holding.</summary>
    NeedMore,

    /// <summary>A content token, tool-call delta or finish reason arrived: release the stream to the client.</summary>
    Content,

    /// <summary><c>data: [DONE]</c>: the stream ended (possibly with no content), which is a complete answer.</summary>
    Done,

    /// <summary>The upstream sent an error event before any content.</summary>
    Error,
}
