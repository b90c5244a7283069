namespace Gateway.Configuration;

/// <summary>
/// The exact response cache (<c>Gateway:Cache</c>): who it is on for, where entries live, how long and how big, how a
/// stream is replayed and what a hit costs. Off for everyone by default; a request opts in with
/// <c>x-gateway-cache: on</c>. The defaults live here.
/// </summary>
public sealed record CacheOptions
{
    /// <summary>The memory store (one per replica, LRU by bytes).</summary>
    public const string MemoryStore = "memory";

    /// <summary>The Redis store (shared by every replica; needs <c>Gateway:Redis</c>).</summary>
    public const string RedisStore = "redis";

    /// <summary>Whether every caller's deterministic requests use the cache. Default false (opt-in).</summary>
    public bool Enabled { get; init; }

    /// <summary>Owners whose keys' requests use the cache (besides <see cref="Enabled"/>).</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary>Key ids (the 12 hex digits the console and the ledger show) whose requests use the cache.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary><see cref="MemoryStore"/> (default) or <see cref="RedisStore"/>.</summary>
    public string Store { get; init; } = MemoryStore;

    /// <summary>The most bytes the memory store keeps; past it the least recently used entries go. Default 64 MiB.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest answer kept; a larger one is forwarded and not kept. Default 1 MiB.</summary>
    public int MaxEntryBytes { get; init; } = 1024 * 1024;

    /// <summary>How long an entry is served. Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A replayed stream's pace: each recorded gap between chunks times this (0: no delay, 1: the original timing).
    /// Default 0.
    /// </summary>
    public double ReplayPace { get; init; }

    /// <summary>What a hit is billed: this times the original answer's tokens and cost. Default 0 (free).</summary>
    public double HitCost { get; init; }
}
