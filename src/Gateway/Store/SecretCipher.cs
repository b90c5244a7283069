using System.Security.Cryptography;
using System.Text;
using Gateway.ManagedProviders;

namespace Gateway.Store;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM: a random 96-bit nonce per value, the record id and field as associated
/// data (a ciphertext copied to another row or field fails to open), stored as <c>v1:&lt;key id&gt;:&lt;base64 of
/// nonce | ciphertext | tag&gt;</c>. Several keys may be configured: the first encrypts, every one decrypts, and the key
/// id (the first 16 hex digits of the key's SHA-256) says which one a value needs, without revealing the key. The
/// managed-provider capability sees it as <see cref="IProviderSecrets"/>.
/// </summary>
internal sealed class SecretCipher : IProviderSecrets
{
    public const string Prefix = "v1";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly (string Id, byte[] Key)[] _keys;

    public SecretCipher(IReadOnlyList<byte[]> keys)
    {
        _keys = [.. keys.Select(k => (KeyId(k), k))];
    }

    /// <summary>Whether any key is configured (without one, no secret can be stored).</summary>
    public bool CanEncrypt => _keys.Length > 0;

    /// <summary>The id of the key that encrypts, or null.</summary>
    public string? CurrentKeyId => _keys.Length > 0 ? _keys[0].Id : null;

    /// <summary>The ids of every configured key.</summary>
    public IEnumerable<string> KeyIds => _keys.Select(k => k.Id);

    /// <summary>The id of a key: the first 16 hex digits of its SHA-256.</summary>
    public static string KeyId(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>A new random key, as <c>generate-encryption-key</c> prints it.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>The key id a stored value names, or null when it is not in the <c>v1:</c> format.</summary>
    public static string? KeyIdOf(string stored)
    {
        var parts = stored.Split(':');
        return parts.Length == 3 && parts[0] == Prefix ? parts[1] : null;
    }

    public string Encrypt(string plaintext, string recordId, string field)
    {
        if (_keys.Length == 0)
        {
            throw new CryptographicException("No encryption key is configured.");
        }

        var (id, key) = _keys[0];
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), AssociatedData(recordId, field));
        }

        CryptographicOperations.ZeroMemory(plain);
        return $"{Prefix}:{id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>The plaintext, or false when the value is malformed, names no configured key, or fails authentication (tampered, moved).</summary>
    public bool TryDecrypt(string stored, string recordId, string field, out string plaintext)
    {
        plaintext = "";
        var parts = stored.Split(':');
        if (parts.Length != 3 || parts[0] != Prefix)
        {
            return false;
        }

        var key = Array.Find(_keys, k => k.Id == parts[1]).Key;
        var sealedBytes = new byte[parts[2].Length];
        if (key is null || !Convert.TryFromBase64String(parts[2], sealedBytes, out var length) || length < NonceBytes + TagBytes)
        {
            return false;
        }

        var plain = new byte[length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length, TagBytes), plain, AssociatedData(recordId, field));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return true;
    }

    /// <summary>The SHA-256 of a secret in lower-case hex (the seed's <c>key_hash</c>).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    string? IProviderSecrets.KeyIdOf(string stored) => KeyIdOf(stored);

    string IProviderSecrets.Hash(string secret) => Hash(secret);

    private static byte[] AssociatedData(string recordId, string field) => Encoding.UTF8.GetBytes(recordId + "\n" + field);
}
