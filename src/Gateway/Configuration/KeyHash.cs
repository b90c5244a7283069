using System.Security.Cryptography;
using System.Text;

namespace Gateway.Configuration;

/// <summary>
/// Secrets the gateway checks (client keys, the admin key, the scrape token) are held only as SHA-256 hashes; a
/// presented value is hashed once and compared in constant time, never kept.
/// </summary>
internal static class KeyHash
{
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Hashes <paramref name="presented"/> into <paramref name="hash"/> (32 bytes).</summary>
    public static void Of(ReadOnlySpan<char> presented, Span<byte> hash)
    {
        var max = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var bytes = max <= 512 ? stackalloc byte[512] : new byte[max];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(presented, bytes)], hash);
    }

    public static bool Matches(byte[] expected, ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Of(presented, hash);
        return CryptographicOperations.FixedTimeEquals(expected, hash);
    }
}
