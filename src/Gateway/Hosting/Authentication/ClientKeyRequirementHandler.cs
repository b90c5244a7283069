using Microsoft.AspNetCore.Authorization;

namespace Gateway.Hosting.Authentication;

/// <summary>Meets <see cref="ClientKeyRequirement"/> for a client, or for anyone while the gateway has no client key at all.</summary>
internal sealed class ClientKeyRequirementHandler(GatewayKeys keys) : AuthorizationHandler<ClientKeyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClientKeyRequirement requirement)
    {
        if (context.User.IsInRole(GatewayAuthentication.ClientRole) || !keys.ClientKeysRequired)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
