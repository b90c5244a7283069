using System.Data.Common;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Store;

/// <summary>
/// The one way into the control-data database, SQLite (embedded) or PostgreSQL (replicas), through plain ADO.NET: a
/// fresh pooled connection per unit of work, a transaction when it writes, and every change committed with its audit
/// line and a bump of the store's version (<see cref="CommitChangeAsync"/>). A database that cannot be reached surfaces
/// as <see cref="StoreUnavailableException"/>, never as a hang or a half-written change. The repositories run their SQL
/// here; what differs between the databases is the <see cref="StoreDialect"/>'s.
/// </summary>
internal sealed partial class StoreSession(StoreDialect dialect, ILogger<StoreSession> logger) : IStoreStatus, IAsyncDisposable
{
    private volatile bool _available = true;

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Database => dialect.Name;

    public StoreDialect Dialect => dialect;

    /// <summary>Whether the last exchange with the database worked.</summary>
    public bool Available => _available;

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    /// <summary>Runs <paramref name="work"/> on a fresh pooled connection (in a transaction when it writes), mapping an unreachable database to <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, bool write, CancellationToken cancellationToken)
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
        catch (Exception e) when (e is not (StoreUnavailableException or ManagedProviders.DuplicateProviderException or OperationCanceledException) && dialect.IsUnavailable(e))
        {
            if (_available)
            {
                _available = false;
                Log.Unavailable(logger, dialect.Name, e.GetType().Name);
            }

            throw new StoreUnavailableException($"The control-data store ({dialect.Name}) is unavailable: {e.GetType().Name}.", e, dialect.Name);
        }
    }

    /// <summary>Writes the audit line and bumps the store's version, in the change's transaction; the new version.</summary>
    public async Task<long> CommitChangeAsync(DbConnection connection, DbTransaction transaction, AuditEntry audit, CancellationToken cancellationToken)
    {
        await AuditRepository.AppendAsync(dialect, connection, transaction, audit, cancellationToken).ConfigureAwait(false);
        using var bump = Sql.Command(connection, transaction, "UPDATE store_version SET version = version + 1 WHERE id = 1 RETURNING version;");
        return Convert.ToInt64(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Recovered()
    {
        if (!_available)
        {
            _available = true;
            Log.Recovered(logger, dialect.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreUnavailable, Level = LogLevel.Error, Message = "Store ({Database}) unavailable ({Error}): routing carries on with its last table; changes are refused until it is back")]
        public static partial void Unavailable(ILogger logger, string database, string error);

        [LoggerMessage(EventId = EventIds.StoreRecovered, Level = LogLevel.Information, Message = "Store ({Database}) available again")]
        public static partial void Recovered(ILogger logger, string database);
    }
}
