namespace Gateway.Configuration;

/// <summary>Settings of the selection strategies (<c>Gateway:Selection</c>). The defaults live here.</summary>
public sealed record SelectionOptions
{
    /// <summary>
    /// The share of requests (0 to 1) the <c>latency</c> strategy sends first to another candidate than the fastest,
    /// so a recovered or new provider gets measured again. Default 0.05.
    /// </summary>
    public double LatencyExploration { get; init; } = 0.05;
}
