using Microsoft.AspNetCore.Http;

namespace Gateway.Contracts;

/// <summary>The key a caller presents: <c>Authorization: Bearer &lt;key&gt;</c>, or Anthropic's <c>x-api-key</c> where allowed.</summary>
internal static class PresentedKey
{
    /// <summary>The key, or empty when none is there.</summary>
    public static ReadOnlySpan<char> From(HttpRequest request, bool apiKeyHeader)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header.AsSpan(7).Trim();
        }

        return apiKeyHeader && request.Headers["x-api-key"] is { Count: 1 } apiKey ? apiKey[0].AsSpan().Trim() : [];
    }
}
