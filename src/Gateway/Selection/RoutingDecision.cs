namespace Gateway.Selection;

/// <summary>
/// Why one request went where it went: its model and candidate set, the strategy that ordered the candidates and who
/// chose it (<c>rotation</c>, <c>key</c>, <c>request</c>), the provider that served it (null: none), the answer's
/// status, and every candidate's verdict, in plan order, then the blocked ones, then the filtered ones; or a cache hit.
/// </summary>
internal sealed record RoutingDecision(
    string RequestId,
    DateTimeOffset At,
    string Model,
    string CandidateSet,
    string Strategy,
    string StrategySource,
    string? Provider,
    int Status,
    int Attempts,
    bool Queued,
    bool Affinity,
    IReadOnlyList<CandidateVerdict> Candidates)
{
    /// <summary>Whether the response cache answered the request (no candidate was needed).</summary>
    public bool CacheHit { get; init; }
}
