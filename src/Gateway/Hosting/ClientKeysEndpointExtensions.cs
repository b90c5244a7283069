using Gateway.Admin;
using Gateway.Hosting.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>Maps <c>/admin/keys</c> (the admin key): create, list, read, change, revoke and rotate managed client keys.</summary>
internal static class ClientKeysEndpointExtensions
{
    public static void MapClientKeys(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<AdminKeysEndpoint>();
        var admin = app.MapGroup("/admin/keys").RequireGatewayAccess(GatewayAccess.Admin);
        admin.MapGet("", keys.ListAsync);
        admin.MapPost("", keys.CreateAsync);
        admin.MapGet("/{id}", keys.GetAsync);
        admin.MapPatch("/{id}", keys.UpdateAsync);
        admin.MapDelete("/{id}", keys.RevokeAsync);
        admin.MapPost("/{id}/rotate", keys.RotateAsync);
    }
}
