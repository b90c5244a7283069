using System.Collections.Concurrent;
using System.Security.Claims;
using Gateway.Endpoints;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// The identities a key makes its holder: one admin principal, and one principal per client key id and owner, made
/// once and shared by that key's requests (read-only after creation). The cache is bounded: past its size it starts over.
/// </summary>
internal sealed class GatewayPrincipals
{
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<(string KeyId, string Owner), ClaimsPrincipal> _clients = new();

    /// <summary>Nobody (no key, or none the gateway holds): one shared principal, so an open <c>/v1</c> allocates none per request.</summary>
    public ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public ClaimsPrincipal Admin { get; } = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, GatewayAuthentication.AdminRole)], GatewayAuthentication.Scheme));

    public ClaimsPrincipal Client(string owner, string keyId)
    {
        if (_clients.TryGetValue((keyId, owner), out var principal))
        {
            return principal;
        }

        if (_clients.Count >= MaxCached)
        {
            _clients.Clear();
        }

        return _clients.GetOrAdd((keyId, owner), static key => new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, GatewayAuthentication.ClientRole), new Claim(GatewayClaims.Owner, key.Owner), new Claim(GatewayClaims.KeyId, key.KeyId)],
            GatewayAuthentication.Scheme)));
    }
}
