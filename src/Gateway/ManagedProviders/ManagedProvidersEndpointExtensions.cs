using Gateway.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.ManagedProviders;

/// <summary>
/// Maps the provider APIs on the route groups the host made (who may call them is the host's metadata on the group):
/// the seed's <c>/api/ai-providers</c> for owners, with OpenRouter connect, and <c>/admin/providers</c> for the admin.
/// </summary>
internal static class ManagedProvidersEndpointExtensions
{
    /// <summary>Maps the seed's provider API and OpenRouter connect on <paramref name="api"/> (<c>/api/ai-providers</c>, a client key).</summary>
    public static RouteGroupBuilder MapManagedProviders(this RouteGroupBuilder api)
    {
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var owners = services.GetRequiredService<AiProvidersEndpoint>();
        var openRouter = services.GetRequiredService<OpenRouterConnectEndpoint>();
        api.WithMetadata(SeedErrorSurface.Instance);
        api.MapGet("", owners.ListAsync);
        api.MapPost("", owners.CreateAsync);
        api.MapGet("/{id}", owners.GetAsync);
        api.MapPut("/{id}", owners.UpdateAsync);
        api.MapDelete("/{id}", owners.DeleteAsync);
        api.MapPost("/{id}/rotate-key", owners.RotateKeyAsync);
        api.MapPost("/openrouter/exchange", openRouter.ExchangeAsync);
        api.MapGet("/openrouter/connect", openRouter.ConnectAsync);
        api.MapMethods("/openrouter/callback", ["GET", "POST"], openRouter.CallbackAsync);
        return api;
    }

    /// <summary>Maps <c>/providers</c> on <paramref name="admin"/> (<c>/admin</c>, the admin key).</summary>
    public static RouteGroupBuilder MapAdminProviders(this RouteGroupBuilder admin)
    {
        var providers = ((IEndpointRouteBuilder)admin).ServiceProvider.GetRequiredService<AdminProvidersEndpoint>();
        admin.MapGet("/providers", providers.ListAsync);
        admin.MapPost("/providers", providers.CreateAsync);
        admin.MapGet("/providers/{id}", providers.GetAsync);
        admin.MapPut("/providers/{id}", providers.UpdateAsync);
        admin.MapDelete("/providers/{id}", providers.DeleteAsync);
        admin.MapPost("/providers/{id}/rotate-key", providers.RotateKeyAsync);
        return admin;
    }
}
