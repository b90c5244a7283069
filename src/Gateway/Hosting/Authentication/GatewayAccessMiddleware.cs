using System.Globalization;
using Gateway.Accounts;
using Gateway.Contracts;
using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// Enforces the endpoint's <see cref="GatewayAccess"/>, after routing: turns <c>Authorization: Bearer &lt;key&gt;</c> (or
/// Anthropic's <c>x-api-key</c>, or on Google's surface <c>x-goog-api-key</c> and <c>?key=</c>) into an identity (the admin, a client, or nobody), sets it as the request's user, and
/// lets the request through, or answers 401 (no identity: challenge) or 403 (an identity without the right) in the
/// surface's own error shape. A key is hashed only on endpoints that carry a rule. A key that is presented and not
/// recognised counts against the client's address (<see cref="AuthFailureThrottle"/>); a throttled address gets 429
/// with <c>Retry-After</c> for any key it presents until its minute is over.
/// </summary>
/// <remarks>
/// This replaces ASP.NET Core's authentication and authorization middleware for the gateway's keys: with one scheme and
/// three fixed rules they cost about an eighth of the gateway's CPU per proxied request (a request-scoped handler,
/// policy evaluation, result tasks and a merged principal each time), with nothing they decided that this does not.
/// </remarks>
internal sealed class GatewayAccessMiddleware(RequestDelegate next, GatewayKeys keys, GatewayPrincipals principals, AuthFailureThrottle throttle)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GatewayAccess>() is not { } access)
        {
            return next(context);
        }

        var presented = PresentedKey.From(context.Request, apiKeyHeader: true, googleKeys: access.GoogleKeys);
        if (!presented.IsEmpty && throttle.IsThrottled(context.Connection.RemoteIpAddress, out var retryAfter))
        {
            throttle.Throttled(SurfaceOf(access));
            return ThrottledAsync(context, retryAfter);
        }

        string? owner = null, keyId = null;
        var role = presented.IsEmpty ? GatewayRole.None : keys.Identify(presented, out owner, out keyId);
        context.User = role switch
        {
            GatewayRole.Admin => principals.Admin,
            GatewayRole.Client => principals.Client(owner!, keyId!),
            _ => principals.Anonymous,
        };

        var allowed = access.Kind switch
        {
            GatewayAccessKind.V1 => role == GatewayRole.Client || !keys.ClientKeysRequired,
            GatewayAccessKind.Client => role == GatewayRole.Client,
            _ => role == GatewayRole.Admin,
        };
        if (allowed)
        {
            return next(context);
        }

        if (role == GatewayRole.None && !presented.IsEmpty && access.Kind != GatewayAccessKind.Admin && keys.ManagedKeysUnavailable)
        {
            // Fail closed: the key may be a managed one the store has not given us yet; neither serve it nor call it wrong.
            return OpenAIError.WriteAsync(context, 503, "The gateway cannot check this key: its key store is unavailable. Try again shortly.", ErrorTypes.ServiceUnavailable, "store_unavailable", TimeSpan.FromSeconds(5));
        }

        if (role == GatewayRole.None && !presented.IsEmpty)
        {
            throttle.Failed(context.Connection.RemoteIpAddress, SurfaceOf(access));
        }

        return role == GatewayRole.None ? ChallengeAsync(context, access, presented: !presented.IsEmpty) : ForbidAsync(context);
    }

    private static string SurfaceOf(GatewayAccess access) => access.Kind switch
    {
        GatewayAccessKind.Admin => "admin",
        GatewayAccessKind.V1 => "v1",
        _ => "provider_api",
    };

    /// <summary>429 in the surface's shape; the seconds left of the address's minute in <c>Retry-After</c>.</summary>
    public static Task ThrottledAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return OpenAIError.WriteAsync(context, 429, $"Too many failed authentications from this address: try again in {seconds} s.", ErrorTypes.RateLimit, "authentication_throttled");
    }

    /// <summary>401; every surface's shape (OpenAI's, Anthropic's, the seed's) comes from the endpoint's IErrorShape, in OpenAIError.</summary>
    private Task ChallengeAsync(HttpContext context, GatewayAccess access, bool presented)
    {
        if (access.Kind == GatewayAccessKind.Admin)
        {
            return OpenAIError.WriteAsync(context, 401, keys.AdminEnabled
                ? "A valid admin key is required: 'Authorization: Bearer <admin key>'."
                : "The admin API is disabled: set Gateway:AdminKey (or AI_ADMIN_KEY).", ErrorTypes.Authentication, "invalid_admin_key");
        }

        return presented
            ? OpenAIError.WriteAsync(context, 401, "Incorrect API key provided.", ErrorTypes.Authentication, "invalid_api_key")
            : OpenAIError.WriteAsync(context, 401, access.GoogleKeys
                ? "You didn't provide an API key. Send your gateway key as 'x-goog-api-key: <key>' (or 'Authorization: Bearer <key>')."
                : "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'.", ErrorTypes.Authentication, "missing_api_key");
    }

    private static Task ForbidAsync(HttpContext context) =>
        OpenAIError.WriteAsync(context, 403, "This key is not allowed to use this endpoint.", ErrorTypes.Permission, "permission_denied");
}
