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
