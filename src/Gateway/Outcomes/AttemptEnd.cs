namespace Gateway.Outcomes;

/// <summary>How one upstream attempt ended. Every subscriber derives what it needs from this and the failure kind.</summary>
internal enum AttemptEnd
{
    /// <summary>A successful response reached the client whole.</summary>
    Served,

    /// <summary>A 4xx the provider gave about the request went back to the client: says nothing bad about the provider.</summary>
    PassedBack,

    /// <summary>A context-length 4xx: the request moved to a candidate with a larger configured window.</summary>
    ContextLength,

    /// <summary>Failed before anything reached the client: the next candidate may try.</summary>
    Failed,

    /// <summary>Failed after the response started: the client got an error event, or an aborted connection.</summary>
    Truncated,

    /// <summary>The client went away: nobody's failure.</summary>
    ClientGone,

    /// <summary>The provider's protocol has no form for this request: nobody's health is at stake, nothing was sent.</summary>
    Unsupported,

    /// <summary>
    /// A hedged attempt that another attempt of the same request beat to the first token: cancelled before anything of
    /// it reached the client; the provider is not judged and nothing is billed.
    /// </summary>
    HedgeLost,

    /// <summary>An exception ended the attempt: what it held is released, the provider is not judged.</summary>
    Abandoned,
}
