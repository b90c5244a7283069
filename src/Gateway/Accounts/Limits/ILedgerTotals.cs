namespace Gateway.Accounts.Limits;

/// <summary>What the ledger says a key or an owner used this UTC day and month: what their counters are rebuilt from.</summary>
internal interface ILedgerTotals
{
    /// <param name="keyId">The key, or null for <paramref name="owner"/>'s total.</param>
    /// <param name="owner">The owner, when <paramref name="keyId"/> is null.</param>
    /// <param name="now">The current time (which day and month).</param>
    ValueTask<(long DayTokens, long DayMicroUsd, long MonthTokens, long MonthMicroUsd)> TotalsAsync(string? keyId, string? owner, DateTimeOffset now);
}
