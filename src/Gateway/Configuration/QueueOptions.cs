namespace Gateway.Configuration;

/// <summary>
/// The wait queue (<c>Gateway:Queue</c>): when every candidate of a request is rate limited or at its
/// <c>MaxInFlight</c>, the request waits for the first one to free up instead of an immediate 429. The defaults live here.
/// </summary>
public sealed record QueueOptions
{
    /// <summary>
    /// The longest a request waits in the queue, across its turns; 0 (the default) turns the queue off: a request finds a
    /// free candidate at once or is answered 429 / 503 at once, as before.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.Zero;

    /// <summary>The most requests waiting at once on this replica; one more is answered 429 at once. Default 256.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Whether the queue is on.</summary>
    public bool Enabled => MaxWait > TimeSpan.Zero;
}
