namespace Gateway.Configuration;

/// <summary>
/// Active probes (<c>Gateway:Probes</c>): providers that had no traffic for a while (idle, or standby failover targets)
/// are checked with <c>GET /models</c>, so one that went down is known bad before a request needs it. The defaults live here.
/// </summary>
public sealed record ProbeOptions
{
    /// <summary>How often the probe round runs; 0 (the default) turns probes off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.Zero;

    /// <summary>A provider with no attempt for this long counts as idle and is probed. Default 60 s.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one probe may take before it counts as a failure. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether probes run.</summary>
    public bool Enabled => Interval > TimeSpan.Zero;
}
