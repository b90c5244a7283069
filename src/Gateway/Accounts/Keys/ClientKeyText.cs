using System.Buffers.Text;
using System.Security.Cryptography;
using Gateway.Configuration;

namespace Gateway.Accounts.Keys;

/// <summary>
/// What a managed key looks like: <c>gw-</c> and 32 random bytes in base64url (43 characters), shown once; kept only
/// as the lower-case SHA-256 hex of its UTF-8 text, and a display prefix of its first <see cref="PrefixLength"/> characters.
/// </summary>
internal static class ClientKeyText
{
    public const string Scheme = "gw-";

    public const int PrefixLength = 11;

    public static string New() => Scheme + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(KeyHash.Of(key));

    public static string Prefix(string key) => key[..PrefixLength];

    /// <summary>A new key id: <c>key_</c> and 16 random hex digits (not derived from the key).</summary>
    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
