using System.Data.Common;

using Gateway.Accounts.Keys;
using Gateway.Contracts;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>Managed client keys (<c>client_keys</c>): read, insert, update (rotation and revocation are updates), and last-used times.</summary>
internal sealed class ClientKeyRepository(StoreSession session) : IClientKeyStore
{
    private const string KeyColumns = "id, owner, label, prefix, key_hash, previous_key_hash, previous_valid_until, models, limits, expires_at, created_at, updated_at, last_used_at, revoked_at";

    /// <summary>Every client key, revoked ones too, in creation order.</summary>
    public Task<IReadOnlyList<ClientKeyRecord>> ListAsync(CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, $"SELECT {KeyColumns} FROM client_keys ORDER BY created_at, id;");
        return (IReadOnlyList<ClientKeyRecord>)await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }, write: false, cancellationToken);

    public Task<ClientKeyRecord?> GetAsync(string id, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, $"SELECT {KeyColumns} FROM client_keys WHERE id = @id;");
        Add(command, "id", id);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }, write: false, cancellationToken);

    /// <summary>Inserts <paramref name="record"/> with its audit line; the new store version.</summary>
    public Task<long> CreateAsync(ClientKeyRecord record, AuditEntry audit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var insert = Command(connection, transaction, $"INSERT INTO client_keys ({KeyColumns}) VALUES (@id, @owner, @label, @prefix, @key_hash, @previous_key_hash, "
            + "@previous_valid_until, @models, @limits, @expires_at, @created_at, @updated_at, @last_used_at, @revoked_at);");
        Bind(insert, record);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
    }, write: true, cancellationToken);

    /// <summary>Replaces the row's changeable columns (not the last-used time); null when there is no such row, else the new version.</summary>
    public Task<long?> UpdateAsync(ClientKeyRecord record, AuditEntry audit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var update = Command(connection, transaction, "UPDATE client_keys SET label = @label, prefix = @prefix, key_hash = @key_hash, previous_key_hash = @previous_key_hash, "
            + "previous_valid_until = @previous_valid_until, models = @models, limits = @limits, expires_at = @expires_at, updated_at = @updated_at, revoked_at = @revoked_at WHERE id = @id;");
        Bind(update, record);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return (long?)null;
        }

        return await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
    }, write: true, cancellationToken);

    /// <summary>Writes last-used times in one transaction, never moving one backwards; no version bump (nothing to propagate).</summary>
    public Task<int> TouchAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> used, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        var written = 0;
        foreach (var (id, at) in used)
        {
            using var touch = Command(connection, transaction, "UPDATE client_keys SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at);");
            Add(touch, "id", id);
            Add(touch, "at", session.Dialect.Time(at));
            written += await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return written;
    }, write: true, cancellationToken);

    private void Bind(DbCommand command, ClientKeyRecord r)
    {
        Add(command, "id", r.Id);
        Add(command, "owner", r.Owner);
        Add(command, "label", r.Label);
        Add(command, "prefix", r.Prefix);
        Add(command, "key_hash", r.KeyHash);
        Add(command, "previous_key_hash", r.PreviousKeyHash);
        Add(command, "previous_valid_until", session.Dialect.Time(r.PreviousValidUntil));
        Add(command, "models", r.Models);
        Add(command, "limits", r.Limits);
        Add(command, "expires_at", session.Dialect.Time(r.ExpiresAt));
        Add(command, "created_at", session.Dialect.Time(r.CreatedAt));
        Add(command, "updated_at", session.Dialect.Time(r.UpdatedAt));
        Add(command, "last_used_at", session.Dialect.Time(r.LastUsedAt));
        Add(command, "revoked_at", session.Dialect.Time(r.RevokedAt));
    }

    private async Task<List<ClientKeyRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var records = new List<ClientKeyRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new ClientKeyRecord
            {
                Id = reader.GetString(0),
                Owner = reader.GetString(1),
                Label = Text(reader, 2),
                Prefix = reader.GetString(3),
                KeyHash = reader.GetString(4),
                PreviousKeyHash = Text(reader, 5),
                PreviousValidUntil = session.Dialect.ReadOptionalTime(reader, 6),
                Models = Text(reader, 7),
                Limits = Text(reader, 8),
                ExpiresAt = session.Dialect.ReadOptionalTime(reader, 9),
                CreatedAt = session.Dialect.ReadTime(reader, 10),
                UpdatedAt = session.Dialect.ReadTime(reader, 11),
                LastUsedAt = session.Dialect.ReadOptionalTime(reader, 12),
                RevokedAt = session.Dialect.ReadOptionalTime(reader, 13),
            });
        }

        return records;
    }
}
