using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Contracts;
using Gateway.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// Turns <c>Authorization: Bearer &lt;key&gt;</c> (or Anthropic's <c>x-api-key</c>) into an identity: the admin, a
/// client, or nobody. Endpoints demand an identity through authorization policies on their route groups, so no
/// spelling of a path reaches an endpoint without the check. Challenges and refusals are OpenAI-style errors.
/// </summary>
internal sealed class GatewayKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GatewayKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly ClaimsPrincipal Admin = Principal(GatewayAuthentication.AdminRole);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey.From(Request, apiKeyHeader: true);
        if (presented.IsEmpty)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Identify(presented, out var owner, out var keyId) switch
        {
            GatewayRole.Admin => AuthenticateResult.Success(new AuthenticationTicket(Admin, GatewayAuthentication.Scheme)),
            GatewayRole.Client => AuthenticateResult.Success(new AuthenticationTicket(ClientOf(owner!, keyId!), GatewayAuthentication.Scheme)),
            _ => AuthenticateResult.Fail("The key is not one of the gateway's keys."),
        });
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Every surface's shape (OpenAI's, Anthropic's, the seed's) comes from the endpoint's IErrorShape, in OpenAIError.
        var admin = Context.GetEndpoint()?.Metadata.GetMetadata<AdminSurface>() is not null;
        var presented = !PresentedKey.From(Request, apiKeyHeader: true).IsEmpty;
        if (admin)
        {
            return OpenAIError.WriteAsync(Context, 401, keys.AdminEnabled
                ? "A valid admin key is required: 'Authorization: Bearer <admin key>'."
                : "The admin API is disabled: set Gateway:AdminKey (or AI_ADMIN_KEY).", ErrorTypes.Authentication, "invalid_admin_key");
        }

        return presented
            ? OpenAIError.WriteAsync(Context, 401, "Incorrect API key provided.", ErrorTypes.Authentication, "invalid_api_key")
            : OpenAIError.WriteAsync(Context, 401, "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'.", ErrorTypes.Authentication, "missing_api_key");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        OpenAIError.WriteAsync(Context, 403, "This key is not allowed to use this endpoint.", ErrorTypes.Permission, "permission_denied");

    private static ClaimsPrincipal ClientOf(string owner, string keyId) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Role, GatewayAuthentication.ClientRole), new Claim(GatewayClaims.Owner, owner), new Claim(GatewayClaims.KeyId, keyId)],
        GatewayAuthentication.Scheme));

    private static ClaimsPrincipal Principal(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], GatewayAuthentication.Scheme));
}
