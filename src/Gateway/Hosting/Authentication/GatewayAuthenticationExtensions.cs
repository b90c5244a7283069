using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting.Authentication;

/// <summary>Registers the keys and the principals they make (route groups carry their rules: <c>RequireGatewayAccess</c> in Contracts).</summary>
internal static class GatewayAuthenticationExtensions
{
    public static void AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<GatewayKeys>();
        services.AddSingleton<GatewayPrincipals>();
        services.AddSingleton(sp => new Accounts.AuthFailureThrottle(
            sp.GetRequiredService<Configuration.GatewayOptions>().Limits, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Telemetry.GatewayMetrics>()));
    }
}
