using System.Data.Common;
using Gateway.Contracts;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>The audit log: appended in each change's transaction (<see cref="StoreSession.CommitChangeAsync"/>), read newest first.</summary>
internal sealed class AuditRepository(StoreSession session) : IAuditLog
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, "SELECT id, at, actor, action, provider_id, owner, provider, detail FROM audit_log ORDER BY id DESC LIMIT @limit;");
        Add(command, "limit", limit);
        var entries = new List<AuditEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), session.Dialect.ReadTime(reader, 1), reader.GetString(2), reader.GetString(3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7)));
        }

        return (IReadOnlyList<AuditEntry>)entries;
    }, write: false, cancellationToken);

    public static async Task AppendAsync(StoreDialect dialect, DbConnection connection, DbTransaction transaction, AuditEntry audit, CancellationToken cancellationToken)
    {
        using var insert = Command(connection, transaction, "INSERT INTO audit_log (at, actor, action, provider_id, owner, provider, detail) VALUES (@at, @actor, @action, @provider_id, @owner, @provider, @detail);");
        Add(insert, "at", dialect.Time(audit.At));
        Add(insert, "actor", audit.Actor);
        Add(insert, "action", audit.Action);
        Add(insert, "provider_id", audit.ProviderId);
        Add(insert, "owner", audit.Owner);
        Add(insert, "provider", audit.Provider);
        Add(insert, "detail", audit.Detail);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
