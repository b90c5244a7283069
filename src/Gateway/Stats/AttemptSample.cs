namespace Gateway.Stats;

/// <summary>
/// What the replica's statistics keep of one attempt.
/// </summary>
/// <param name="Succeeded">True for an answer the provider gave, false for its failure, null when the provider was not judged (the client left, nothing was sent).</param>
/// <param name="Latency">Time to the response headers (or to the failure), when measured.</param>
/// <param name="FirstToken">Time to the first content token of a stream, when one came.</param>
/// <param name="Failover">Whether the attempt was a failover: a second or later attempt of its request.</param>
internal readonly record struct AttemptSample(bool? Succeeded, TimeSpan? Latency, TimeSpan? FirstToken, bool Failover);
