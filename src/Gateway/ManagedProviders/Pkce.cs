using System.Security.Cryptography;
using System.Text;

namespace Gateway.ManagedProviders;

/// <summary>OAuth PKCE (RFC 7636) with S256: a random verifier, and its challenge base64url(SHA-256(verifier)) without padding.</summary>
internal static class Pkce
{
    public const string Method = "S256";

    /// <summary>43 characters of base64url from 32 random bytes (RFC 7636 section 4.1).</summary>
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An unguessable OAuth state.</summary>
    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
