using Microsoft.AspNetCore.Authorization;

namespace Gateway.Hosting.Authentication;

/// <summary>
/// A client key; met by anyone while no client keys are configured (the start-up log warns). The admin key is for
/// managing the gateway, not for spending through it: on <c>/v1</c> it gets 403.
/// </summary>
internal sealed class ClientKeyRequirement : IAuthorizationRequirement
{
    internal sealed class Handler(GatewayKeys keys) : AuthorizationHandler<ClientKeyRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClientKeyRequirement requirement)
        {
            if (!keys.ClientKeysRequired || context.User.IsInRole(GatewayAuthentication.ClientRole))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
