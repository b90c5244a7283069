namespace Gateway.Configuration;

/// <summary>
/// What one client may hold of the gateway: connections, time to send headers, body pace, header size. Applied to
/// Kestrel on every listener (the API and the metrics port). The defaults live here and nowhere else.
/// </summary>
public sealed record LimitsOptions
{
    /// <summary>Open connections accepted at once (further ones are closed at once); null: unlimited. Default 10000.</summary>
    public long? MaxConcurrentConnections { get; init; } = 10_000;

    /// <summary>Longest time a client may take to send a request's headers before the connection is closed. Default 30 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Slowest average pace of a request body, in bytes per second, once <see cref="RequestBodyGracePeriod"/> has
    /// passed; slower gets 408 and the connection closed. 0: no minimum. Default 240.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>How long a body may be slower than the minimum pace at first. More than 1 s (Kestrel's heartbeat). Default 10 s.</summary>
    public TimeSpan RequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest total size of a request's headers, in bytes; larger gets 431. Default 32 KiB (Kestrel's).</summary>
    public int MaxRequestHeadersTotalBytes { get; init; } = 32 * 1024;

    /// <summary>
    /// Failed authentications one client address (IPv6: its /64) may make per minute on <c>/admin</c>, <c>/v1</c>, the
    /// provider API and the console's sign-in; at the limit every request from it that presents a key gets 429 until
    /// the minute is over. 0: no throttle. Default 20.
    /// </summary>
    public int AuthFailuresPerMinute { get; init; } = 20;
}
