using System.Data.Common;

namespace Gateway.Store;

/// <summary>The audit log: appended in each change's transaction, read newest first.</summary>
internal sealed partial class ControlStore
{
    /// <summary>The newest <paramref name="limit"/> lines, newest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken) => RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, "SELECT id, at, actor, action, provider_id, owner, provider, detail FROM audit_log ORDER BY id DESC LIMIT @limit;");
        Add(command, "limit", limit);
        var entries = new List<AuditEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), dialect.ReadTime(reader, 1), reader.GetString(2), reader.GetString(3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7)));
        }

        return (IReadOnlyList<AuditEntry>)entries;
    }, write: false, cancellationToken);

    private async Task AppendAuditAsync(DbConnection connection, DbTransaction transaction, AuditEntry audit, CancellationToken cancellationToken)
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
