using Gateway.Admin;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Hosting.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>
/// Maps the provider APIs: the seed's <c>/api/ai-providers</c> for owners (a client key, always required: without
/// client keys configured nobody owns anything) and <c>/admin/providers</c> plus <c>/admin/audit</c> for the admin.
/// </summary>
internal static class ManagedProvidersEndpointExtensions
{
    public static void MapManagedProviders(this WebApplication app)
    {
        var owners = app.Services.GetRequiredService<AiProvidersEndpoint>();
        var openRouter = app.Services.GetRequiredService<OpenRouterConnectEndpoint>();
        var api = app.MapGroup("/api/ai-providers").RequireGatewayAccess(GatewayAccess.Client).WithMetadata(SeedErrorSurface.Instance);
        api.MapGet("", owners.ListAsync);
        api.MapPost("", owners.CreateAsync);
        api.MapGet("/{id}", owners.GetAsync);
        api.MapPut("/{id}", owners.UpdateAsync);
        api.MapDelete("/{id}", owners.DeleteAsync);
        api.MapPost("/{id}/rotate-key", owners.RotateKeyAsync);
        api.MapPost("/openrouter/exchange", openRouter.ExchangeAsync);
        api.MapGet("/openrouter/connect", openRouter.ConnectAsync);
        api.MapMethods("/openrouter/callback", ["GET", "POST"], openRouter.CallbackAsync);

        var providers = app.Services.GetRequiredService<AdminProvidersEndpoint>();
        var admin = app.MapGroup("/admin").RequireGatewayAccess(GatewayAccess.Admin);
        admin.MapGet("/providers", providers.ListAsync);
        admin.MapPost("/providers", providers.CreateAsync);
        admin.MapGet("/providers/{id}", providers.GetAsync);
        admin.MapPut("/providers/{id}", providers.UpdateAsync);
        admin.MapDelete("/providers/{id}", providers.DeleteAsync);
        admin.MapPost("/providers/{id}/rotate-key", providers.RotateKeyAsync);
        admin.MapGet("/audit", app.Services.GetRequiredService<AdminAuditEndpoint>().GetAsync);
    }
}
