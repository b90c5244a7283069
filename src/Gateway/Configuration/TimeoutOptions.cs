namespace Gateway.Configuration;

/// <summary>
/// Upstream timeouts, all on the injected <see cref="TimeProvider"/>. Streams have first token and idle gap between
/// chunks; non-streaming calls wait for response headers, then for each body read within the idle gap. The gateway-wide
/// <see cref="Total"/> is the deadline of a whole request across all its attempts; a provider's own is a cap on one attempt.
/// </summary>
public sealed record TimeoutOptions
{
    /// <summary>Non-streaming: time until the upstream's response headers. Default 120 s.</summary>
    public TimeSpan ResponseHeaders { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Streaming: time from sending the request until the first content token. Default 60 s.</summary>
    public TimeSpan FirstToken { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed between two chunks of a response body. Default 60 s.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gateway-wide (<c>Gateway:Timeouts:TotalSeconds</c>): the whole request, every attempt and a long generation included;
    /// when it passes no further attempt starts (504 <c>request_timeout</c>, or an error event in a stream already flowing).
    /// Per provider (<c>AI_X_TOTAL_TIMEOUT</c>): caps one attempt to that provider, which then still ends at the request's
    /// deadline if that comes first. Default 10 minutes (a provider inherits the gateway-wide value).
    /// </summary>
    public TimeSpan Total { get; init; } = TimeSpan.FromMinutes(10);
}
