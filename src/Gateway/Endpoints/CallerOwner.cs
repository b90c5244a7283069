using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>Whose a request is, for data the gateway keeps per caller (stored responses): the key's owner, or "" on an open gateway.</summary>
internal static class CallerOwner
{
    /// <summary>The claim the authentication handler puts the owner in.</summary>
    public const string ClaimType = "gateway:owner";

    public static string Of(HttpContext context) => context.User.FindFirst(ClaimType)?.Value ?? "";
}
