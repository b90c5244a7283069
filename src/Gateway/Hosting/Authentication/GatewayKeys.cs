using System.Security.Cryptography;
using Gateway.Accounts.Keys;
using Gateway.Configuration;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// The keys the gateway accepts, held only as SHA-256 hashes and compared in constant time. A presented key is
/// hashed once and never kept, logged or echoed. Besides the configured (static) keys, the managed keys of the store
/// (<paramref name="managed"/>), looked up by hash in memory.
/// </summary>
internal sealed class GatewayKeys(GatewayOptions options, ClientKeyRegistry? managed = null)
{
    private readonly byte[][] _clientHashes = [.. options.ClientKeys.Select(KeyHash.Of)];
    private readonly string[] _owners = [.. options.ClientKeys.Select(k => options.ClientKeyOwners.GetValueOrDefault(k) ?? GatewayOptions.StaticOwner)];
    private readonly byte[]? _adminHash = options.AdminKey is null ? null : KeyHash.Of(options.AdminKey);

    /// <summary>
    /// Whether <c>/v1</c> requires a client key: static keys are configured, or the store holds a managed key (even a
    /// revoked or expired one: revoking the last key must not open the gateway), or the managed keys could not be
    /// loaded (fail closed). Read per request, so the first key created closes an open gateway at once.
    /// </summary>
    public bool ClientKeysRequired => _clientHashes.Length > 0 || managed?.AnyKeys == true || ManagedKeysUnavailable;

    /// <summary>
    /// The store is configured but its managed keys have not been loaded yet (it has not answered since start-up): a
    /// key that is not in configuration can be neither accepted nor refused, so it gets 503 <c>store_unavailable</c>.
    /// </summary>
    public bool ManagedKeysUnavailable => managed is { Loaded: false };

    public int ClientKeyCount => _clientHashes.Length;

    public bool AdminEnabled => _adminHash is not null;

    /// <summary>Who holds <paramref name="presented"/>: the admin, a client, or nobody.</summary>
    public GatewayRole Identify(ReadOnlySpan<char> presented) => Identify(presented, out _, out _);

    /// <summary>As <see cref="Identify(ReadOnlySpan{char})"/>, with a client key's owner and key id (static keys: the first 12 hex digits of its SHA-256; managed keys: their id).</summary>
    public GatewayRole Identify(ReadOnlySpan<char> presented, out string? owner, out string? keyId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        KeyHash.Of(presented, hash);
        return IdentifyHash(hash, out owner, out keyId);
    }

    /// <summary>As <see cref="Identify(ReadOnlySpan{char}, out string?, out string?)"/> for a key's SHA-256 (a console session checks its key again with it on every request).</summary>
    public GatewayRole IdentifyHash(ReadOnlySpan<byte> hash, out string? owner, out string? keyId)
    {
        (owner, keyId) = (null, null);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(_adminHash, hash))
        {
            return GatewayRole.Admin;
        }

        var match = -1;
        for (var i = 0; i < _clientHashes.Length; i++)
        {
            // Every hash is compared (constant time overall); the first match wins.
            if (CryptographicOperations.FixedTimeEquals(_clientHashes[i], hash) && match < 0)
            {
                match = i;
            }
        }

        if (match < 0)
        {
            return managed is not null && managed.TryIdentify(hash, out owner, out keyId) ? GatewayRole.Client : GatewayRole.None;
        }

        (owner, keyId) = (_owners[match], Convert.ToHexStringLower(hash)[..12]);
        return GatewayRole.Client;
    }
}
