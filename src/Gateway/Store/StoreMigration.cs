namespace Gateway.Store;

/// <summary>
/// One versioned schema change, written by hand for each database. Applied once, in version order, at start-up (in one
/// transaction, recorded in <c>schema_migrations</c>); never edited after release: a change is a new migration.
/// </summary>
internal sealed record StoreMigration(int Version, string Name, string Sqlite, string Postgres)
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<StoreMigration> All { get; } =
    [
        new(1, "control data: version, providers, OAuth states, audit log", StoreMigrationScripts.SqliteV1, StoreMigrationScripts.PostgresV1),
        new(2, "client keys (hashes only), with rotation grace", ClientKeysMigrationScripts.Sqlite, ClientKeysMigrationScripts.Postgres),
        new(3, "owner limits, usage ledger", StoreMigrationScriptsV3.Both, StoreMigrationScriptsV3.Both),
        new(4, "ledger batch ids (a batch is added once)", StoreMigrationScriptsV4.Both, StoreMigrationScriptsV4.Both),
    ];
}
