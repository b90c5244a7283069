using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting.Authentication;

/// <summary>Registers the keys and the principals they make, and puts access rules on route groups.</summary>
internal static class GatewayAuthenticationExtensions
{
    public static void AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<GatewayKeys>();
        services.AddSingleton<GatewayPrincipals>();
        services.AddSingleton(sp => new Accounts.AuthFailureThrottle(
            sp.GetRequiredService<Configuration.GatewayOptions>().Limits, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Telemetry.GatewayMetrics>()));
    }

    /// <summary>Who may call the endpoints of <paramref name="builder"/> (enforced by <see cref="GatewayAccessMiddleware"/>).</summary>
    public static TBuilder RequireGatewayAccess<TBuilder>(this TBuilder builder, GatewayAccess access)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(access);
}
