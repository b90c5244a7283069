namespace Gateway.Configuration;

/// <summary>
/// The Responses API answered through chat completions: how long the gateway keeps each response (for
/// <c>previous_response_id</c> and <c>GET /v1/responses/{id}</c>) and how much it keeps, in bytes per owner and in
/// total (memory or Redis), the oldest going first. The defaults live here.
/// </summary>
public sealed record ResponsesOptions
{
    /// <summary>How long a stored response stays readable. Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>In memory (no Redis), the most responses kept; the oldest go first. Default 10000.</summary>
    public int MaxStoredInMemory { get; init; } = 10_000;

    /// <summary>
    /// The most bytes of stored responses (the response object and the whole conversation it continues) kept for all
    /// owners together; past it the oldest go first. Default 256 MiB.
    /// </summary>
    public long MaxStoredBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most bytes kept for one owner; past it that owner's oldest go first. A response larger than this is not kept. Default 64 MiB.</summary>
    public long MaxStoredBytesPerOwner { get; init; } = 64L * 1024 * 1024;

    /// <summary>How often expired responses are swept out (their bytes freed without waiting for a read). Default 1 minute.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);
}
