using Gateway.Configuration;

namespace Gateway.Accounts;

/// <summary>
/// How admission estimates and holds a request's cost, and how often the ledger is written (<c>Gateway:Accounts</c>).
/// The defaults live here and nowhere else.
/// </summary>
public sealed record AccountsOptions
{
    /// <summary>Output tokens reserved for a request that names no <c>max_tokens</c>, and the cap on one that does. Default 4096.</summary>
    public long DefaultMaxOutputTokens { get; init; } = 4096;

    /// <summary>Price of a model the price table does not know: never free. Default $10 in, $30 out per million tokens.</summary>
    public ModelPrice FallbackPrice { get; init; } = new(10, 30);

    /// <summary>How long a reservation is held when nobody settles it (a crashed replica). Default 10 minutes.</summary>
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the ledger's batch is written to the store. Default 5 s.</summary>
    public TimeSpan LedgerFlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What limited requests get while Redis is unreachable (replicas only). Default <see cref="RedisOutageMode.Share"/>.</summary>
    public RedisOutageMode WhenRedisUnreachable { get; init; } = RedisOutageMode.Share;
}
