namespace Gateway.ManagedProviders;

/// <summary>
/// How providers' secrets are sealed at rest (the store's <c>SecretCipher</c>: AES-256-GCM with the row id and field as
/// associated data, keys rotated online). Field names are <see cref="SecretFields"/>.
/// </summary>
internal interface IProviderSecrets
{
    /// <summary>Whether an encryption key is configured (without one no secret can be stored).</summary>
    bool CanEncrypt { get; }

    /// <summary>The ids of every configured key.</summary>
    IEnumerable<string> KeyIds { get; }

    string Encrypt(string plaintext, string recordId, string field);

    bool TryDecrypt(string stored, string recordId, string field, out string plaintext);

    /// <summary>The key id a stored value names, or null when it is not in the sealed format.</summary>
    string? KeyIdOf(string stored);

    /// <summary>The SHA-256 hex of a secret: what the APIs show instead of it.</summary>
    string Hash(string secret);
}
