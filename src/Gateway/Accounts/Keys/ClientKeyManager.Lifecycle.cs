using Gateway.Contracts;

namespace Gateway.Accounts.Keys;

/// <summary>Revocation and rotation: both updates of the row, carried to every replica like any other change.</summary>
internal sealed partial class ClientKeyManager
{
    /// <summary>Revokes the key (idempotent): every replica refuses it within a second.</summary>
    public async Task<(ClientKeyRecord? Record, ApiError? Error)> RevokeAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return (null, NotFound());
        }

        if (current.RevokedAt is not null)
        {
            return (current, null);
        }

        var now = time.GetUtcNow();
        var revoked = current with { RevokedAt = now, UpdatedAt = now, PreviousKeyHash = null, PreviousValidUntil = null };
        return await WriteAsync(revoked, Audit(actor, "key-revoke", revoked, null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new key for the same id (limits and usage carry on); the old one is accepted for <paramref name="grace"/> (null: the configured grace).</summary>
    public async Task<(ClientKeyRecord? Record, string? Key, ApiError? Error)> RotateAsync(string id, TimeSpan? grace, string actor, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.RevokedAt is not null)
        {
            return (null, null, current is null ? NotFound() : Revoked());
        }

        var key = ClientKeyText.New();
        var now = time.GetUtcNow();
        var until = grace ?? options.RotationGrace;
        var rotated = current with
        {
            Prefix = ClientKeyText.Prefix(key),
            KeyHash = ClientKeyText.Hash(key),
            PreviousKeyHash = until > TimeSpan.Zero ? current.KeyHash : null,
            PreviousValidUntil = until > TimeSpan.Zero ? now + until : null,
            UpdatedAt = now,
        };
        var (record, error) = await WriteAsync(rotated, Audit(actor, "key-rotate", rotated, $"grace={(long)until.TotalSeconds}s"), cancellationToken).ConfigureAwait(false);
        return (record, record is null ? null : key, error);
    }
}
