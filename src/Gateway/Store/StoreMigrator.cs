using Gateway.Contracts;
using Microsoft.Extensions.Logging;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>
/// Applies <see cref="StoreMigration.All"/> not applied yet, in one transaction (PostgreSQL: under an advisory lock, so
/// replicas migrate one at a time), and records them in <c>schema_migrations</c>. Runs at start-up, before anything
/// reads the store; a PostgreSQL that does not answer then is migrated by the <see cref="StoreWatcher"/> when it does.
/// </summary>
internal sealed partial class StoreMigrator(StoreSession session, ILogger<StoreMigrator> logger)
{
    private volatile bool _migrated;

    /// <summary>Whether this process has brought the schema up to date.</summary>
    public bool Migrated => _migrated;

    /// <summary>
    /// At start-up: migrates and reads the store's version into <paramref name="version"/>. The SQLite file is this
    /// process's own: one that cannot be opened stops start-up (<see cref="SqliteStoreCheck"/>). A PostgreSQL that does
    /// not answer does not: the version stays unloaded (-1) and the watcher migrates and loads when it answers.
    /// </summary>
    public void MigrateAtStart(StoreVersion version)
    {
        try
        {
            if (session.Dialect is SqliteDialect sqlite)
            {
                SqliteStoreCheck.EnsureOpens(this, sqlite);
            }
            else
            {
                MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            version.StartAt(version.ReadAsync(CancellationToken.None).GetAwaiter().GetResult());
        }
        catch (StoreUnavailableException)
        {
            Log.StartedWithoutStore(logger, session.Database);
        }
    }

    /// <summary>Creates the database's home and applies every migration not applied yet (in one transaction); the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var dialect = session.Dialect;
        var applied = await session.RunAsync(async (connection, transaction) =>
        {
            if (dialect.MigrationLock is { } lockSql)
            {
                await ExecuteAsync(connection, transaction, lockSql, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<int>();
            using (var read = Command(connection, transaction, "SELECT version FROM schema_migrations;"))
            using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var now = new List<int>();
            foreach (var migration in StoreMigration.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
            {
                await ExecuteAsync(connection, transaction, dialect.Ddl(migration), cancellationToken).ConfigureAwait(false);
                using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at);");
                Add(record, "version", migration.Version);
                Add(record, "name", migration.Name);
                Add(record, "at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Log.Migrated(logger, dialect.Name, migration.Version, migration.Name);
                now.Add(migration.Version);
            }

            return (IReadOnlyList<int>)now;
        }, write: true, cancellationToken).ConfigureAwait(false);
        _migrated = true;
        return applied;
    }

    /// <summary>The versions recorded in <c>schema_migrations</c>, oldest first.</summary>
    public Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        var versions = new List<int>();
        using var read = Command(connection, transaction, "SELECT version FROM schema_migrations ORDER BY version;");
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetInt32(0));
        }

        return (IReadOnlyList<int>)versions;
    }, write: false, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreMigrated, Level = LogLevel.Information, Message = "Store ({Database}): applied migration {Version}: {Name}")]
        public static partial void Migrated(ILogger logger, string database, int version, string name);

        [LoggerMessage(EventId = EventIds.ManagedProvidersWithoutStore, Level = LogLevel.Error, Message = "The control-data store ({Database}) is unreachable at start-up: starting with the configured providers only; managed providers load when it answers")]
        public static partial void StartedWithoutStore(ILogger logger, string database);
    }
}
