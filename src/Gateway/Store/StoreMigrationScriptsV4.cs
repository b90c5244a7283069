namespace Gateway.Store;

/// <summary>
/// Migration 4: the ids of ledger batches already added, so that a batch written again (a spool replayed after a crash,
/// or a write whose reply was lost) is added once. Kept 45 days (<see cref="LedgerRepository.BatchRetention"/>),
/// found by the day they were written. The same SQL on both databases.
/// </summary>
internal static class StoreMigrationScriptsV4
{
    public const string Both = """
        CREATE TABLE ledger_batches (
          id TEXT PRIMARY KEY,
          written_day TEXT NOT NULL
        );
        CREATE INDEX ledger_batches_day ON ledger_batches (written_day);
        """;
}
