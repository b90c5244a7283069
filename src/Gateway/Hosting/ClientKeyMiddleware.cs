using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting;

/// <summary>
/// When client keys are configured, <c>/v1/*</c> requires <c>Authorization: Bearer &lt;key&gt;</c>. Keys are held
/// and compared as SHA-256 hashes in constant time; a presented key is never logged or echoed.
/// </summary>
internal sealed class ClientKeyMiddleware(RequestDelegate next, GatewayOptions options)
{
    private readonly byte[][] _hashes = [.. options.ClientKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];

    public Task InvokeAsync(HttpContext context)
    {
        if (_hashes.Length == 0 || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return OpenAIError.WriteAsync(context, 401, "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'.", ErrorTypes.Authentication, "missing_api_key");
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(7).Trim().ToString()), presented);
        var match = false;
        foreach (var hash in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, presented);
        }

        return match
            ? next(context)
            : OpenAIError.WriteAsync(context, 401, "Incorrect API key provided.", ErrorTypes.Authentication, "invalid_api_key");
    }
}
