namespace Gateway.Configuration;

/// <summary>An AES-256 key as text: 32 bytes in base64 (or base64url), as <c>generate-encryption-key</c> prints it.</summary>
internal static class EncryptionKeyText
{
    public const int KeyBytes = 32;

    public static bool TryParse(string text, out byte[] key)
    {
        key = [];
        var normal = text.Trim().Replace('-', '+').Replace('_', '/');
        normal = normal.PadRight(normal.Length + ((4 - (normal.Length % 4)) % 4), '=');
        var buffer = new byte[normal.Length];
        if (!Convert.TryFromBase64String(normal, buffer, out var written) || written != KeyBytes)
        {
            return false;
        }

        key = buffer[..KeyBytes];
        return true;
    }

    public static string Format(ReadOnlySpan<byte> key) => Convert.ToBase64String(key);
}
