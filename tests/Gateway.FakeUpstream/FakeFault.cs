namespace Gateway.FakeUpstream;

/// <summary>Ways a fake provider can misbehave on demand.</summary>
public enum FakeFault
{
    /// <summary>Behave.</summary>
    None,

    /// <summary>Close the connection without any response.</summary>
    DropConnection,

    /// <summary>200, the role chunk, then an SSE error event before any content.</summary>
    ErrorEventBeforeFirstToken,

    /// <summary>200, the role chunk, then silence (until the client gives up).</summary>
    StallBeforeFirstToken,

    /// <summary>200, the role chunk, then the connection is cut.</summary>
    CloseBeforeFirstToken,

    /// <summary>200 and <see cref="FakeResponse.BreakAfterChunks"/> content chunks, then the connection is cut.</summary>
    BreakAfterChunks,

    /// <summary>200 and some content chunks, then silence.</summary>
    StallAfterChunks,

    /// <summary>200 and <see cref="FakeResponse.BreakAfterChunks"/> content chunks, then one event whose data is not JSON, then the rest.</summary>
    MalformedChunk,
}
