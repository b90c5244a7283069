namespace Gateway.Accounts.Limits;

/// <summary>
/// Where limit counters live: in this process (one lock) or in Redis (one Lua script per reservation, for every
/// replica). Counters of the day and month are rebuilt from the ledger when a scope is first seen or was lost.
/// </summary>
internal interface ILimitCounter
{
    /// <summary>Checks every line and, only when all fit, adds them all: in one atomic step.</summary>
    ValueTask<ReserveResult> ReserveAsync(Reservation reservation);

    /// <summary>Replaces the reserved amounts by what the request used (zero tokens and cost for a failed request).</summary>
    ValueTask SettleAsync(Reservation reservation, long tokens, long microUsd);

    /// <summary>Sets a scope's counters from the ledger (<paramref name="counters"/>: name, value, reset) and marks it loaded.</summary>
    ValueTask LoadAsync(string tag, string scope, IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> counters);

    /// <summary>A counter's current value (0 when its window is over or it was never used); for views, not for admission.</summary>
    ValueTask<long> ReadAsync(string counter);

    /// <summary>Reservations neither settled nor lapsed, in this process (for the metrics).</summary>
    long Outstanding { get; }
}
