namespace Gateway.Accounts.Ledger;

/// <summary>
/// Where the usage ledger is kept (daily rows per key, owner, provider and model). An unreachable database throws
/// <see cref="Contracts.StoreUnavailableException"/>; the ledger's batch then goes to its spool.
/// </summary>
internal interface ILedgerStore
{
    /// <summary>
    /// Adds the batch <paramref name="batchId"/>: each row's counts to its ledger row (created when new), all in one
    /// transaction with the batch's id, unless that id was added before (then nothing, and 0 is returned).
    /// </summary>
    Task<int> AddAsync(string batchId, IReadOnlyList<LedgerRow> rows, CancellationToken cancellationToken);

    /// <summary>Ledger rows of days <paramref name="from"/> to <paramref name="to"/> (inclusive, <c>yyyy-MM-dd</c>), optionally of one key or one owner.</summary>
    Task<IReadOnlyList<LedgerRow>> ReadAsync(string from, string to, string? keyId, string? owner, CancellationToken cancellationToken);
}
