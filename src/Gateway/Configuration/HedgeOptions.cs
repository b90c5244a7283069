namespace Gateway.Configuration;

/// <summary>
/// Hedged first tokens (<c>Gateway:Retry:Hedge</c>, overridden per provider by <c>Gateway:Providers:&lt;name&gt;:Hedge</c>):
/// when the provider an attempt went to has not produced its first token after <see cref="Delay"/> (or its recent p95
/// time to first token with <see cref="UseP95"/>), the next candidate starts as well; the first to produce a token
/// answers and the other is cancelled. Off by default: a hedge that fires doubles the upstream work of that request.
/// </summary>
public sealed record HedgeOptions
{
    /// <summary>Whether a slow first token from this provider starts the next candidate. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>How long to wait for the first token before hedging; also the delay while the p95 is not known. Default 5 s.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Hedge after the provider's p95 time to first token over this replica's last hour (streams; the response time for
    /// plain requests), once it has <see cref="MinSamples"/> of them, instead of <see cref="Delay"/>. Default false.
    /// </summary>
    public bool UseP95 { get; init; }

    /// <summary>Samples of the last hour needed before <see cref="UseP95"/> trusts the p95. Default 20.</summary>
    public int MinSamples { get; init; } = 20;
}
