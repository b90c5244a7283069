namespace Gateway.Stats;

/// <summary>One provider's last hour on this replica: attempts judged, failovers, and latency and TTFT percentiles in milliseconds (null: nothing measured).</summary>
internal sealed record ProviderHourStats(
    string Provider,
    long Succeeded,
    long Failed,
    long Failovers,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    double? FirstTokenP50,
    double? FirstTokenP95,
    double? FirstTokenP99)
{
    /// <summary>Answers over answers and failures; null when no attempt was judged.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);
}
