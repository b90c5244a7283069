using Gateway.Accounts;
using Gateway.Contracts;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>Owners' limits, stored as the admin API's JSON (one row per owner).</summary>
internal sealed class OwnerLimitRepository(StoreSession session) : IOwnerLimitStore
{
    /// <summary>Every owner's limits JSON.</summary>
    public Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, "SELECT owner, limits FROM owner_limits;");
        var limits = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            limits[reader.GetString(0)] = reader.GetString(1);
        }

        return (IReadOnlyDictionary<string, string>)limits;
    }, write: false, cancellationToken);

    /// <summary>Sets <paramref name="owner"/>'s limits JSON and writes the audit line, in one transaction; the new store version (replicas watch it).</summary>
    public Task<long> PutAsync(string owner, string limits, AuditEntry audit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var upsert = Command(connection, transaction,
            "INSERT INTO owner_limits (owner, limits, updated_at) VALUES (@owner, @limits, @at) ON CONFLICT (owner) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at;");
        Add(upsert, "owner", owner);
        Add(upsert, "limits", limits);
        Add(upsert, "at", audit.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
    }, write: true, cancellationToken);
}
