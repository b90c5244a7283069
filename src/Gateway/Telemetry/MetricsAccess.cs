using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Telemetry;

/// <summary>
/// The optional scrape token of <c>/metrics</c>. Held only as its SHA-256 hash and compared with the presented
/// token's hash in constant time; neither is ever logged or echoed.
/// </summary>
internal sealed class MetricsAccess(MetricsOptions options)
{
    private readonly byte[]? _hash = options.BearerToken is { } token ? KeyHash.Of(token) : null;

    public bool TokenRequired => _hash is not null;

    public bool Allows(HttpRequest request)
    {
        if (_hash is null)
        {
            return true;
        }

        var presented = PresentedKey.From(request, apiKeyHeader: false);
        return !presented.IsEmpty && KeyHash.Matches(_hash, presented);
    }
}
