namespace Gateway.ManagedProviders;

/// <summary>
/// One row of <c>ai_provider</c>, the seed's table: a provider account managed at run time, owned by an owner (null:
/// global). Secrets (<see cref="ApiKey"/>, <see cref="AccessToken"/>, <see cref="RefreshToken"/>) are ciphertexts
/// (<see cref="SecretCipher"/>); JSON columns are kept as the text the API validated.
/// </summary>
internal sealed record ManagedProviderRecord
{
    public required string Id { get; init; }

    /// <summary>The owner (a client key's owner), or null for a global provider every caller may use.</summary>
    public string? Owner { get; init; }

    /// <summary>The provider type (<c>openrouter</c>, <c>openai</c>, ...).</summary>
    public required string Provider { get; init; }

    public string? ProviderUserId { get; init; }

    /// <summary>The API key's ciphertext (<c>v1:&lt;key id&gt;:&lt;base64&gt;</c>), or null for a type that needs none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>SHA-256 of the API key, lower-case hex: identifies a key without revealing it.</summary>
    public string? KeyHash { get; init; }

    public string? KeyLabel { get; init; }

    public bool IsActive { get; init; } = true;

    public bool IsDefault { get; init; }

    /// <summary>Tokens (prompt + completion) the provider may use per calendar month, UTC; null: no limit.</summary>
    public long? UsageLimit { get; init; }

    /// <summary>The stored column (the seed's); the APIs answer <c>max(0, UsageLimit - CurrentUsage)</c> instead.</summary>
    public long? UsageRemaining { get; init; }

    /// <summary>This month's tokens: live from the ledger in what <see cref="ProviderManager"/> returns; stored, a past copy.</summary>
    public long CurrentUsage { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    public DateTimeOffset? TokenExpiresAt { get; init; }

    /// <summary>A JSON array of model names, or null.</summary>
    public string? SupportedModels { get; init; }

    /// <summary>A JSON object (<c>baseUrl</c>, <c>smart</c>, <c>fast</c>, <c>models</c>, <c>weight</c>, ...), or null.</summary>
    public string? ProviderConfig { get; init; }

    /// <summary>Whether the usage limit is used up (the provider then leaves routing).</summary>
    public bool LimitReached => UsageLimit is { } limit && CurrentUsage >= limit;

    // A record prints every property: never a ciphertext either (it is still a secret's envelope).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Id = {Id}, Owner = {Owner}, Provider = {Provider}, IsActive = {IsActive}, IsDefault = {IsDefault}");
        return true;
    }
}
