namespace Gateway.Configuration;

/// <summary>
/// What happens to a chat stream after its first token (<c>Gateway:Streams</c>): continuation of a broken stream on the
/// next candidate able to continue (one whose <see cref="ProviderOptions.Continuation"/> is on), and how many malformed
/// upstream events a stream may drop before it is no longer trusted.
/// </summary>
public sealed record StreamOptions
{
    /// <summary>Continue a committed chat stream that breaks (cut, idle timeout, truncated end) on another provider. Default true.</summary>
    public bool Continuation { get; init; } = true;

    /// <summary>Continuation attempts of one request (each on the next candidate able to continue). Default 2.</summary>
    public int MaxContinuations { get; init; } = 2;

    /// <summary>
    /// Malformed events (data that is not JSON) one stream may send: each is dropped, logged and counted; one more and
    /// the stream is broken (continued elsewhere when it can be, else ended with an error event). Default 3.
    /// </summary>
    public int MaxMalformedEvents { get; init; } = 3;
}
