namespace Gateway.Configuration;

/// <summary>The Prometheus endpoint.</summary>
public sealed record MetricsOptions
{
    /// <summary>Collect metrics and serve <c>/metrics</c>. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Also (only) serve <c>/metrics</c> on this port; 0: on the main port. Default 0.</summary>
    public int Port { get; init; }
}
