using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin;

/// <summary>Maps the admin API: every route under <c>/admin</c>, in one group that requires the admin key.</summary>
internal static class AdminEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var admin = app.MapGroup("/admin").RequireGatewayAccess(GatewayAccess.Admin);
        admin.MapGet("/health", services.GetRequiredService<AdminHealthEndpoint>().GetAsync);
        admin.MapGet("/routing", services.GetRequiredService<AdminRoutingEndpoint>().GetAsync);
        admin.MapGet("/usage", services.GetRequiredService<AdminUsageEndpoint>().GetAsync);
        admin.MapGet("/audit", services.GetRequiredService<AdminAuditEndpoint>().GetAsync);

        var ownerLimits = services.GetRequiredService<AdminOwnerLimitsEndpoint>();
        admin.MapGet("/owners/{owner}/limits", ownerLimits.GetAsync);
        admin.MapPut("/owners/{owner}/limits", ownerLimits.PutAsync);

        admin.MapAdminProviders();
        admin.MapGet("/providers/{name}/test", services.GetRequiredService<AdminProviderTestEndpoint>().TestAsync);

        // Managed client keys: create, list, read, change, revoke and rotate.
        var keys = services.GetRequiredService<AdminKeysEndpoint>();
        admin.MapGet("/keys", keys.ListAsync);
        admin.MapPost("/keys", keys.CreateAsync);
        admin.MapGet("/keys/{id}", keys.GetAsync);
        admin.MapPatch("/keys/{id}", keys.UpdateAsync);
        admin.MapDelete("/keys/{id}", keys.RevokeAsync);
        admin.MapPost("/keys/{id}/rotate", keys.RotateAsync);
        return app;
    }
}
