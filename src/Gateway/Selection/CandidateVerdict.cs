namespace Gateway.Selection;

/// <summary>
/// What became of one candidate in a routing decision: <see cref="Verdict"/> is <c>served</c>, <c>failed</c>,
/// <c>skipped</c> (passed over at attempt time), <c>not_needed</c> (ranked below the one that served), <c>not_tried</c>,
/// <c>circuit_open</c>, <c>rate_limited</c>, <c>probe_in_flight</c> (half-open, another request probes it) or
/// <c>filtered</c> (left out before planning); <see cref="Detail"/> says more (the rank, the failure, the filter).
/// </summary>
internal readonly record struct CandidateVerdict(string Provider, string Verdict, string? Detail);
