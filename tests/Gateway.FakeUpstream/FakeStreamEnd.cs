namespace Gateway.FakeUpstream;

/// <summary>What a chat stream does once its answer is complete (finish reasons and usage sent).</summary>
public enum FakeStreamEnd
{
    /// <summary><c>data: [DONE]</c>, then the response ends.</summary>
    Done,

    /// <summary>The response ends without <c>[DONE]</c>, as some providers do.</summary>
    CloseWithoutDone,

    /// <summary>No <c>[DONE]</c> and the connection stays open (until the client gives up).</summary>
    StallWithoutDone,
}
