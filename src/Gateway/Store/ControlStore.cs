using System.Data.Common;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Store;

/// <summary>
/// The control-data store: managed providers, OAuth states and the audit log, in SQLite (embedded) or PostgreSQL
/// (replicas) through plain ADO.NET. Every change runs in one transaction that also writes its audit line and bumps
/// the store's version, which replicas watch. A database that cannot be reached surfaces as
/// <see cref="StoreUnavailableException"/>, never as a hang or a half-written change.
/// </summary>
internal sealed partial class ControlStore(StoreDialect dialect, ILogger<ControlStore> logger) : IAsyncDisposable
{
    private volatile bool _available = true;

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Kind => dialect.Name;

    internal StoreDialect Dialect => dialect;

    /// <summary>Whether the last exchange with the database worked.</summary>
    public bool Available => _available;

    /// <summary>Creates the database's home and applies every migration not applied yet (in one transaction).</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
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
    }, write: true, cancellationToken);

    /// <summary>The versions recorded in <c>schema_migrations</c>, oldest first.</summary>
    public Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
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

    /// <summary>The store's change version: grows by one with every change to managed providers.</summary>
    public Task<long> VersionAsync(CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
    {
        using var read = Command(connection, transaction, "SELECT version FROM store_version WHERE id = 1;");
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }, write: false, cancellationToken);

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    /// <summary>Runs <paramref name="work"/> on a fresh pooled connection (in a transaction when it writes), mapping an unreachable database to <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, bool write, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!write)
            {
                var read = await work(connection, null).ConfigureAwait(false);
                Recovered();
                return read;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Recovered();
            return result;
        }
        catch (Exception e) when (e is not (StoreUnavailableException or DuplicateProviderException or OperationCanceledException) && dialect.IsUnavailable(e))
        {
            if (_available)
            {
                _available = false;
                Log.Unavailable(logger, dialect.Name, e.GetType().Name);
            }

            throw new StoreUnavailableException($"The control-data store ({dialect.Name}) is unavailable: {e.GetType().Name}.", e);
        }
    }

    private void Recovered()
    {
        if (!_available)
        {
            _available = true;
            Log.Recovered(logger, dialect.Name);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreMigrated, Level = LogLevel.Information, Message = "Store ({Database}): applied migration {Version}: {Name}")]
        public static partial void Migrated(ILogger logger, string database, int version, string name);

        [LoggerMessage(EventId = EventIds.StoreUnavailable, Level = LogLevel.Error, Message = "Store ({Database}) unavailable ({Error}): routing carries on with its last table; changes are refused until it is back")]
        public static partial void Unavailable(ILogger logger, string database, string error);

        [LoggerMessage(EventId = EventIds.StoreRecovered, Level = LogLevel.Information, Message = "Store ({Database}) available again")]
        public static partial void Recovered(ILogger logger, string database);
    }
}
