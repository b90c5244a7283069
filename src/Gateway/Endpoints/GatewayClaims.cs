using System.Security.Claims;

namespace Gateway.Endpoints;

/// <summary>
/// What the key handler puts on a client's identity besides its role: the key's owner (the seeds' user; managed
/// providers and routing are scoped by it) and a key id (the first 12 hex digits of the key's SHA-256) for the audit log.
/// </summary>
internal static class GatewayClaims
{
    public const string Owner = "gateway:owner";

    public const string KeyId = "gateway:key_id";

    /// <summary>The caller's owner, or null (the admin, or an open <c>/v1</c> without client keys).</summary>
    public static string? OwnerOf(ClaimsPrincipal user) => user.FindFirst(Owner)?.Value;

    /// <summary>The caller's key id, or empty (the admin, or an open <c>/v1</c>).</summary>
    public static string KeyIdOf(ClaimsPrincipal user) => user.FindFirst(KeyId)?.Value ?? "";

    /// <summary>Who the audit log names: <c>admin</c>, <c>key:&lt;key id&gt;</c>, or <c>anonymous</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user) =>
        user.FindFirst(KeyId)?.Value is { } id ? "key:" + id : user.Identity?.IsAuthenticated == true ? "admin" : "anonymous";
}
