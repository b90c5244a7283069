namespace Gateway.Configuration;

/// <summary>
/// Upstream timeouts. Streams have three (first token, idle gap between chunks, total);
/// non-streaming calls wait for response headers, then for each body read within the idle gap.
/// </summary>
public sealed record TimeoutOptions
{
    /// <summary>Non-streaming: time until the upstream's response headers. Default 120 s.</summary>
    public TimeSpan ResponseHeaders { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Streaming: time from sending the request until the first content token. Default 60 s.</summary>
    public TimeSpan FirstToken { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed between two chunks of a response body. Default 60 s.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whole attempt, including a long generation. Default 10 minutes.</summary>
    public TimeSpan Total { get; init; } = TimeSpan.FromMinutes(10);
}
