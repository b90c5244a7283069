using System.Security.Cryptography;
using Gateway.Configuration;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// The keys the gateway accepts, held only as SHA-256 hashes and compared in constant time. A presented key is
/// hashed once and never kept, logged or echoed.
/// </summary>
internal sealed class GatewayKeys(GatewayOptions options)
{
    private readonly byte[][] _clientHashes = [.. options.ClientKeys.Select(KeyHash.Of)];
    private readonly byte[]? _adminHash = options.AdminKey is null ? null : KeyHash.Of(options.AdminKey);

    /// <summary>Whether <c>/v1</c> requires a client key.</summary>
    public bool ClientKeysRequired => _clientHashes.Length > 0;

    public int ClientKeyCount => _clientHashes.Length;

    public bool AdminEnabled => _adminHash is not null;

    /// <summary>Who holds <paramref name="presented"/>: the admin, a client, or nobody.</summary>
    public GatewayRole Identify(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        KeyHash.Of(presented, hash);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(_adminHash, hash))
        {
            return GatewayRole.Admin;
        }

        var match = false;
        foreach (var client in _clientHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(client, hash);
        }

        return match ? GatewayRole.Client : GatewayRole.None;
    }
}
