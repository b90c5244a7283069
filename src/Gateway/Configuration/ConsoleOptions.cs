namespace Gateway.Configuration;

/// <summary>The admin console (<c>/console</c>), named like <see cref="MetricsOptions"/>.</summary>
public sealed record ConsoleOptions
{
    /// <summary>Serve the console. False: <c>/console</c> answers 404 on every port. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Serve <c>/console</c> only on this port, from a separate listener that serves nothing else (the API port then
    /// answers 404 there), so the console can stay off the public ingress; 0: on the API port. Default 0.
    /// </summary>
    public int Port { get; init; }

    /// <summary>
    /// Where the console listener binds: <c>localhost</c>, <c>*</c> (every interface) or an IP address. Null: the
    /// API listener's addresses (loopback stays loopback). Default null.
    /// </summary>
    public string? Host { get; init; }
}
