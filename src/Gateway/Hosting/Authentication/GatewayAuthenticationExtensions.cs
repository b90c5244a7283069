using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting.Authentication;

/// <summary>Registers the key handler and the two policies.</summary>
internal static class GatewayAuthenticationExtensions
{
    public static void AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<GatewayKeys>();
        services.AddAuthentication(GatewayAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, GatewayKeyHandler>(GatewayAuthentication.Scheme, _ => { });
        // Each policy names the scheme, so a key is checked only on the endpoints that need one (no
        // authentication middleware running for every request, probes and unprotected /v1 included).
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayAuthentication.ClientPolicy, policy => policy.AddAuthenticationSchemes(GatewayAuthentication.Scheme).RequireRole(GatewayAuthentication.ClientRole))
            .AddPolicy(GatewayAuthentication.AdminPolicy, policy => policy.AddAuthenticationSchemes(GatewayAuthentication.Scheme).RequireRole(GatewayAuthentication.AdminRole));
    }
}
