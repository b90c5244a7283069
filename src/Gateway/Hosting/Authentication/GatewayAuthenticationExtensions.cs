using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting.Authentication;

/// <summary>Registers the key handler and the two policies.</summary>
internal static class GatewayAuthenticationExtensions
{
    public static void AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<GatewayKeys>();
        services.AddSingleton<IAuthorizationHandler, ClientKeyRequirementHandler>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, GatewayKeyHandler>(GatewayAuthentication.Scheme, _ => { });
        // No default scheme, and each policy names the scheme: a key is checked only on the endpoints that need one.
        // (The host adds the authentication middleware by itself; without a default scheme it authenticates nothing.)
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayAuthentication.ClientPolicy, policy => policy.AddAuthenticationSchemes(GatewayAuthentication.Scheme).RequireRole(GatewayAuthentication.ClientRole))
            .AddPolicy(GatewayAuthentication.V1Policy, policy => policy.AddAuthenticationSchemes(GatewayAuthentication.Scheme).AddRequirements(ClientKeyRequirement.Instance))
            .AddPolicy(GatewayAuthentication.AdminPolicy, policy => policy.AddAuthenticationSchemes(GatewayAuthentication.Scheme).RequireRole(GatewayAuthentication.AdminRole));
    }
}
