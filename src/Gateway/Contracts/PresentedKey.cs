using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>
/// The key a caller presents: <c>Authorization: Bearer &lt;key&gt;</c>, Anthropic's <c>x-api-key</c> where allowed, and on
/// Google's surface <c>x-goog-api-key</c> or the <c>?key=</c> the server took out of the query (<see cref="QueryKey"/>).
/// </summary>
internal static class PresentedKey
{
    /// <summary>The key, or empty when none is there.</summary>
    public static ReadOnlySpan<char> From(HttpRequest request, bool apiKeyHeader, bool googleKeys = false)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header.AsSpan(7).Trim();
        }

        if (apiKeyHeader && request.Headers["x-api-key"] is { Count: 1 } apiKey)
        {
            return apiKey[0].AsSpan().Trim();
        }

        if (!googleKeys)
        {
            return [];
        }

        return request.Headers["x-goog-api-key"] is { Count: 1 } googKey ? googKey[0].AsSpan().Trim()
            : request.HttpContext.Features.Get<QueryKey>() is { } queryKey ? queryKey.Value.AsSpan()
            : [];
    }
}
