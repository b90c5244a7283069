using Microsoft.AspNetCore.Authorization;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// <c>/v1</c>'s rule, decided per request rather than when routes are mapped: a client key is required once the
/// gateway has any (static, or managed in the store); a gateway with none stays open (with the start-up warning).
/// </summary>
internal sealed class ClientKeyRequirement : IAuthorizationRequirement
{
    public static readonly ClientKeyRequirement Instance = new();
}
