namespace Gateway.Configuration;

/// <summary>
/// The Responses API answered through chat completions: how long the gateway keeps each response (for
/// <c>previous_response_id</c> and <c>GET /v1/responses/{id}</c>) and, in memory, how many. The defaults live here.
/// </summary>
public sealed record ResponsesOptions
{
    /// <summary>How long a stored response stays readable. Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>In memory (no Redis), the most responses kept; the oldest go first. Default 10000.</summary>
    public int MaxStoredInMemory { get; init; } = 10_000;
}
