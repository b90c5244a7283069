using Microsoft.AspNetCore.Builder;

namespace Gateway.Contracts;

/// <summary>Puts an access rule on a route group (or an endpoint); Hosting's access middleware enforces it.</summary>
internal static class GatewayAccessConventions
{
    /// <summary>Who may call the endpoints of <paramref name="builder"/>.</summary>
    public static TBuilder RequireGatewayAccess<TBuilder>(this TBuilder builder, GatewayAccess access)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(access);
}
