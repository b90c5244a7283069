namespace Gateway.Configuration;

/// <summary>
/// Retries on the same provider before failing over (<c>Gateway:Retry</c>): a transient failure before the first byte
/// (a 5xx, a refused or reset connection) or a 429 whose <c>Retry-After</c> is short is tried again on the provider
/// that failed, when no other candidate can take the request now (a single-provider deployment, or every other
/// candidate cooling or open), or always first with <see cref="PreferSameProvider"/>.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>Retries of one request on the provider that failed it. 0: off (straight to the next candidate). Default 1.</summary>
    public int SameProvider { get; init; } = 1;

    /// <summary>Longest <c>Retry-After</c> (of a 429 or 503) waited out for a retry on the same provider; longer: fail over or answer 429. Default 5 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause before retrying a transient failure that gave no <c>Retry-After</c>. Default 0.25 s.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>Retry on the same provider even when another candidate could take the request now. Default false.</summary>
    public bool PreferSameProvider { get; init; }

    /// <summary>At most this many same-provider retries per provider in <see cref="BudgetWindow"/> (a retry storm cannot multiply load). Default 20.</summary>
    public int Budget { get; init; } = 20;

    /// <summary>The window of <see cref="Budget"/>. Default 10 s.</summary>
    public TimeSpan BudgetWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hedged first tokens for every provider without a <c>Hedge</c> section of its own. Default off.</summary>
    public HedgeOptions Hedge { get; init; } = new();

    /// <summary>
    /// Hedging for the requests of one tier (<c>Gateway:Retry:Hedge:Tiers:smart</c> or <c>fast</c>, each setting over
    /// <see cref="Hedge"/>'s), for providers without a <c>Hedge</c> section of their own. None by default.
    /// </summary>
    public IReadOnlyDictionary<string, HedgeOptions> HedgeTiers { get; init; } = new Dictionary<string, HedgeOptions>();
}
