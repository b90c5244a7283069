namespace Gateway.Accounts.Keys;

/// <summary>
/// One row of <c>client_keys</c>: a managed client key, held as the SHA-256 hex of its text and never as the text.
/// <see cref="Models"/> and <see cref="Limits"/> are the admin API's JSON (null: none).
/// </summary>
internal sealed record ClientKeyRecord
{
    public required string Id { get; init; }

    public required string Owner { get; init; }

    public string? Label { get; init; }

    /// <summary>The key's first characters, for telling keys apart in lists.</summary>
    public required string Prefix { get; init; }

    public required string KeyHash { get; init; }

    /// <summary>The hash of the key this one replaced at its last rotation, still accepted until <see cref="PreviousValidUntil"/>.</summary>
    public string? PreviousKeyHash { get; init; }

    public DateTimeOffset? PreviousValidUntil { get; init; }

    public string? Models { get; init; }

    public string? Limits { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
