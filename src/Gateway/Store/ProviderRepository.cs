using System.Data.Common;

using Gateway.Contracts;
using Gateway.ManagedProviders;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>Managed providers (the seed's <c>ai_provider</c>): read, create, update, delete; each change with its audit line and a version bump.</summary>
internal sealed class ProviderRepository(StoreSession session) : IManagedProviderStore
{
    private const string Columns = "id, owner, provider, provider_user_id, api_key, key_hash, key_label, is_active, is_default, usage_limit, usage_remaining, current_usage, "
        + "created_at, updated_at, last_used_at, access_token, refresh_token, token_expires_at, supported_models, provider_config";

    /// <summary>Every managed provider, global and owned, in creation order.</summary>
    public Task<IReadOnlyList<ManagedProviderRecord>> ListAsync(CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, $"SELECT {Columns} FROM ai_provider ORDER BY created_at, id;");
        return (IReadOnlyList<ManagedProviderRecord>)await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }, write: false, cancellationToken);

    public Task<ManagedProviderRecord?> GetAsync(string id, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var command = Command(connection, transaction, $"SELECT {Columns} FROM ai_provider WHERE id = @id;");
        Add(command, "id", id);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }, write: false, cancellationToken);

    /// <summary>Inserts <paramref name="record"/> (a default one clears the owner's other default); the new store version.</summary>
    public Task<long> CreateAsync(ManagedProviderRecord record, AuditEntry audit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        if (record.IsDefault)
        {
            await ClearDefaultAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
        }

        using var insert = Command(connection, transaction, $"INSERT INTO ai_provider ({Columns}) VALUES (@id, @owner, @provider, @provider_user_id, @api_key, @key_hash, @key_label, @is_active, @is_default, "
            + "@usage_limit, @usage_remaining, @current_usage, @created_at, @updated_at, @last_used_at, @access_token, @refresh_token, @token_expires_at, @supported_models, @provider_config);");
        Bind(insert, record);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (session.Dialect.IsUniqueViolation(e))
        {
            throw new DuplicateProviderException($"A '{record.Provider}' provider already exists for this owner.");
        }

        return await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
    }, write: true, cancellationToken);

    /// <summary>Replaces every column of the row <paramref name="record"/> names; null when there is no such row, else the new version.</summary>
    public Task<long?> UpdateAsync(ManagedProviderRecord record, AuditEntry audit, CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        if (record.IsDefault)
        {
            await ClearDefaultAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
        }

        using var update = Command(connection, transaction, "UPDATE ai_provider SET provider_user_id = @provider_user_id, api_key = @api_key, key_hash = @key_hash, key_label = @key_label, "
            + "is_active = @is_active, is_default = @is_default, usage_limit = @usage_limit, usage_remaining = @usage_remaining, current_usage = @current_usage, "
            + "updated_at = @updated_at, last_used_at = @last_used_at, access_token = @access_token, refresh_token = @refresh_token, token_expires_at = @token_expires_at, "
            + "supported_models = @supported_models, provider_config = @provider_config WHERE id = @id;");
        Bind(update, record);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return (long?)null;
        }

        return await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
    }, write: true, cancellationToken);

    /// <summary>Deletes the row and its ciphertexts for good; null when there was no such row, else the new version.</summary>
    public async Task<long?> DeleteAsync(string id, AuditEntry audit, CancellationToken cancellationToken)
    {
        var version = await session.RunAsync(async (connection, transaction) =>
        {
            using var delete = Command(connection, transaction, "DELETE FROM ai_provider WHERE id = @id;");
            Add(delete, "id", id);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0
                ? (long?)null
                : await session.CommitChangeAsync(connection, transaction!, audit, cancellationToken).ConfigureAwait(false);
        }, write: true, cancellationToken).ConfigureAwait(false);
        if (version is not null)
        {
            // Outside the transaction: a checkpoint cannot run inside one.
            await session.RunAsync(async (connection, _) =>
            {
                await session.Dialect.ScrubAsync(connection, cancellationToken).ConfigureAwait(false);
                return 0;
            }, write: false, cancellationToken).ConfigureAwait(false);
        }

        return version;
    }

    private static async Task ClearDefaultAsync(DbConnection connection, DbTransaction? transaction, ManagedProviderRecord record, CancellationToken cancellationToken)
    {
        using var clear = Command(connection, transaction, "UPDATE ai_provider SET is_default = @no WHERE owner = @owner AND id <> @id AND is_default = @yes;");
        Add(clear, "owner", record.Owner ?? "");
        Add(clear, "id", record.Id);
        Add(clear, "no", false);
        Add(clear, "yes", true);
        await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Bind(DbCommand command, ManagedProviderRecord r)
    {
        Add(command, "id", r.Id);
        Add(command, "owner", r.Owner ?? "");
        Add(command, "provider", r.Provider);
        Add(command, "provider_user_id", r.ProviderUserId);
        Add(command, "api_key", r.ApiKey);
        Add(command, "key_hash", r.KeyHash);
        Add(command, "key_label", r.KeyLabel);
        Add(command, "is_active", r.IsActive);
        Add(command, "is_default", r.IsDefault);
        Add(command, "usage_limit", r.UsageLimit);
        Add(command, "usage_remaining", r.UsageRemaining);
        Add(command, "current_usage", r.CurrentUsage);
        Add(command, "created_at", session.Dialect.Time(r.CreatedAt));
        Add(command, "updated_at", session.Dialect.Time(r.UpdatedAt));
        Add(command, "last_used_at", session.Dialect.Time(r.LastUsedAt));
        Add(command, "access_token", r.AccessToken);
        Add(command, "refresh_token", r.RefreshToken);
        Add(command, "token_expires_at", session.Dialect.Time(r.TokenExpiresAt));
        Add(command, "supported_models", r.SupportedModels);
        Add(command, "provider_config", r.ProviderConfig);
    }

    private async Task<List<ManagedProviderRecord>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var records = new List<ManagedProviderRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new ManagedProviderRecord
            {
                Id = reader.GetString(0),
                Owner = reader.GetString(1) is { Length: > 0 } owner ? owner : null,
                Provider = reader.GetString(2),
                ProviderUserId = Text(reader, 3),
                ApiKey = Text(reader, 4),
                KeyHash = Text(reader, 5),
                KeyLabel = Text(reader, 6),
                IsActive = reader.GetBoolean(7),
                IsDefault = reader.GetBoolean(8),
                UsageLimit = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                UsageRemaining = reader.IsDBNull(10) ? null : reader.GetInt64(10),
                CurrentUsage = reader.GetInt64(11),
                CreatedAt = session.Dialect.ReadTime(reader, 12),
                UpdatedAt = session.Dialect.ReadTime(reader, 13),
                LastUsedAt = session.Dialect.ReadOptionalTime(reader, 14),
                AccessToken = Text(reader, 15),
                RefreshToken = Text(reader, 16),
                TokenExpiresAt = session.Dialect.ReadOptionalTime(reader, 17),
                SupportedModels = Text(reader, 18),
                ProviderConfig = Text(reader, 19),
            });
        }

        return records;
    }
}
