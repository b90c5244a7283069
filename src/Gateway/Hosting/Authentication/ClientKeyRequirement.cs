using Microsoft.AspNetCore.Authorization;

namespace Gateway.Hosting.Authentication;

/// <summary>A client key or the admin key; met by anyone while no client keys are configured (the start-up log warns).</summary>
internal sealed class ClientKeyRequirement : IAuthorizationRequirement
{
    internal sealed class Handler(GatewayKeys keys) : AuthorizationHandler<ClientKeyRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClientKeyRequirement requirement)
        {
            if (!keys.ClientKeysRequired
                || context.User.IsInRole(GatewayAuthentication.ClientRole)
                || context.User.IsInRole(GatewayAuthentication.AdminRole))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
