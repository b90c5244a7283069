namespace Gateway.Forwarding;

/// <summary>How one pass through the attempt pipeline ended.</summary>
internal enum AttemptResult
{
    /// <summary>A response (success or a non-retryable upstream error) reached the client: stop.</summary>
    Committed,

    /// <summary>The attempt failed before anything reached the client: the next candidate may try.</summary>
    Retryable,

    /// <summary>No candidate was left to try.</summary>
    Exhausted,

    /// <summary>The client went away: stop, blame nobody.</summary>
    ClientGone,

    /// <summary>A committed stream broke and will be continued: the next candidate able to continue may try (<see cref="StreamContinuations"/>).</summary>
    Continue,
}

/// <summary>
/// What sending an attempt came to: its result, or a stream released to the client at its first token, whose copy the
/// attempt runner awaits next (<see cref="StreamPassThrough.RunAsync"/>, which then ends the attempt).
/// </summary>
internal readonly record struct AttemptStep(AttemptResult Result, StreamPassThrough? Stream)
{
    public static implicit operator AttemptStep(AttemptResult result) => new(result, null);
}
