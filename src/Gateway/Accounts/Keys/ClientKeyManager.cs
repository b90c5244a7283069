using Gateway.Contracts;

namespace Gateway.Accounts.Keys;

/// <summary>
/// The operations behind <c>/admin/keys</c>: validate, write with an audit line and a store-version bump, apply the change
/// (<see cref="IStoreVersion.AppliedAsync"/>: this replica's keys reload before answering, so a revoked key fails here
/// at once, and the other replicas are told through Redis or their poll).
/// </summary>
internal sealed partial class ClientKeyManager(IClientKeyStore store, IStoreVersion changes, ClientKeysOptions options, TimeProvider time)
{
    public static ApiError NotFound() => new(404, "KEY_NOT_FOUND", "No client key has this id.");

    public Task<IReadOnlyList<ClientKeyRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<ClientKeyRecord?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// <summary>A new key: the record and the key's text, which is shown once and kept nowhere.</summary>
    public async Task<(ClientKeyRecord? Record, string? Key, ApiError? Error)> CreateAsync(ClientKeyInput input, string actor, CancellationToken cancellationToken)
    {
        if (input.Owner is not { } owner)
        {
            return (null, null, ApiError.Invalid("owner is required: the user the key belongs to (managed providers and routing are scoped by it)."));
        }

        if (Expired(input) is { } expired)
        {
            return (null, null, expired);
        }

        var key = ClientKeyText.New();
        var now = time.GetUtcNow();
        var record = new ClientKeyRecord
        {
            Id = ClientKeyText.NewId(),
            Owner = owner,
            Label = input.Label,
            Prefix = ClientKeyText.Prefix(key),
            KeyHash = ClientKeyText.Hash(key),
            Models = ClientKeyJson.ModelsToText(input.Models),
            Limits = LimitSetJson.ToText(input.Limits),
            ExpiresAt = input.ExpiresAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var version = await store.CreateAsync(record, Audit(actor, "key-create", record, record.Label), cancellationToken).ConfigureAwait(false);
        await changes.AppliedAsync(version, cancellationToken).ConfigureAwait(false);
        return (record, key, null);
    }

    public async Task<(ClientKeyRecord? Record, ApiError? Error)> UpdateAsync(string id, ClientKeyInput input, string actor, CancellationToken cancellationToken)
    {
        if (input.HasOwner)
        {
            return (null, ApiError.Invalid("owner cannot be changed: create a key for the new owner and revoke this one."));
        }

        if (Expired(input) is { } expired)
        {
            return (null, expired);
        }

        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.RevokedAt is not null)
        {
            return (null, current is null ? NotFound() : Revoked());
        }

        var changed = current with
        {
            Label = input.HasLabel ? input.Label : current.Label,
            Models = input.HasModels ? ClientKeyJson.ModelsToText(input.Models) : current.Models,
            Limits = input.HasLimits ? LimitSetJson.ToText(input.Limits) : current.Limits,
            ExpiresAt = input.HasExpiresAt ? input.ExpiresAt : current.ExpiresAt,
            UpdatedAt = time.GetUtcNow(),
        };
        var fields = string.Join(",", new[] { ("label", input.HasLabel), ("models", input.HasModels), ("limits", input.HasLimits), ("expiresAt", input.HasExpiresAt) }
            .Where(f => f.Item2).Select(f => f.Item1));
        return await WriteAsync(changed, Audit(actor, "key-update", changed, fields), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ClientKeyRecord? Record, ApiError? Error)> WriteAsync(ClientKeyRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        if (await store.UpdateAsync(record, audit, cancellationToken).ConfigureAwait(false) is not { } version)
        {
            return (null, NotFound());
        }

        await changes.AppliedAsync(version, cancellationToken).ConfigureAwait(false);
        return (record, null);
    }

    private ApiError? Expired(ClientKeyInput input) =>
        input.ExpiresAt is { } at && at <= time.GetUtcNow() ? ApiError.Invalid("expiresAt must be in the future.") : null;

    private static ApiError Revoked() => new(409, "KEY_REVOKED", "This client key is revoked: it cannot be changed or rotated.");

    private AuditEntry Audit(string actor, string action, ClientKeyRecord record, string? detail) =>
        new(0, time.GetUtcNow(), actor, action, record.Id, record.Owner, "client-key", detail);
}
