using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>Checks <c>Authorization: Bearer &lt;admin key&gt;</c> in constant time against a hash of the configured key.</summary>
internal sealed class AdminKey(GatewayOptions options)
{
    private readonly byte[]? _hash = options.AdminKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminKey));

    /// <summary>True when authorized; otherwise writes the 401 and returns false.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (_hash is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()))))
        {
            return true;
        }

        await OpenAIError.WriteAsync(context, 401, _hash is null
            ? "The admin API is disabled: set Gateway:AdminKey (or AI_ADMIN_KEY)."
            : "A valid admin key is required: 'Authorization: Bearer <admin key>'.", ErrorTypes.Authentication, "invalid_admin_key").ConfigureAwait(false);
        return false;
    }
}
