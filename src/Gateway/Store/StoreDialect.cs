using System.Data.Common;

namespace Gateway.Store;

/// <summary>
/// What differs between the two databases: how a connection is opened, the migrations' DDL, how times are written
/// and read, and which errors mean "duplicate" or "unreachable". The store's queries are the same SQL on both.
/// </summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>, for logs, metrics and errors.</summary>
    public abstract string Name { get; }

    /// <summary>Prepares the database's home (the SQLite folder and file modes) before the first connection.</summary>
    public virtual void Prepare()
    {
    }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Statements run first in the migration transaction (PostgreSQL: an advisory lock, so replicas migrate one at a time).</summary>
    public virtual string? MigrationLock => null;

    /// <summary>The DDL of migration <paramref name="migration"/> in this database's dialect.</summary>
    public abstract string Ddl(StoreMigration migration);

    public abstract object Time(DateTimeOffset? value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public DateTimeOffset? ReadOptionalTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Whether <paramref name="exception"/> means the database cannot be reached (rather than a bad statement).</summary>
    public abstract bool IsUnavailable(Exception exception);

    /// <summary>After a delete: make sure the deleted ciphertext leaves the files too (SQLite: checkpoint the WAL).</summary>
    public virtual Task ScrubAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
