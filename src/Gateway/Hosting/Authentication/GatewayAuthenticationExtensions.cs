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
        services.AddAuthentication(GatewayAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, GatewayKeyHandler>(GatewayAuthentication.Scheme, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayAuthentication.ClientPolicy, policy => policy.AddRequirements(new ClientKeyRequirement()))
            .AddPolicy(GatewayAuthentication.AdminPolicy, policy => policy.RequireRole(GatewayAuthentication.AdminRole));
        services.AddSingleton<IAuthorizationHandler, ClientKeyRequirement.Handler>();
    }
}
