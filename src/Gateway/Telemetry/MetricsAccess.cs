using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Microsoft.AspNetCore.Http;

namespace Gateway.Telemetry;

/// <summary>
/// The optional scrape token of <c>/metrics</c>. Held only as its SHA-256 hash and compared with the presented
/// token's hash in constant time; neither is ever logged or echoed.
/// </summary>
internal sealed class MetricsAccess(MetricsOptions options)
{
    private readonly byte[]? _hash = options.BearerToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public bool TokenRequired => _hash is not null;

    public bool Allows(HttpRequest request)
    {
        if (_hash is null)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(7).Trim().ToString()), presented);
        return CryptographicOperations.FixedTimeEquals(_hash, presented);
    }
}
