using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.WebConsole;

/// <summary>
/// The console's routes under <c>/console</c>. Every handler goes through <see cref="ConsoleGuard"/>, which states who
/// may call it; changes are POSTs with the session's CSRF token. No route here is part of the API's hot path.
/// </summary>
internal static class ConsoleRoutes
{
    public const string Root = "/console";

    public const string SignIn = Root + "/signin";

    public const string SignOut = Root + "/signout";

    public const string Assets = Root + "/assets";

    /// <summary>
    /// Maps the routes on <paramref name="app"/> (the API's listener or the console's own) with the handlers from
    /// <paramref name="services"/>, the gateway's container either way: one set of sessions whichever port serves them.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app, IServiceProvider services)
    {
        var guard = services.GetRequiredService<ConsoleGuard>();
        var signIn = services.GetRequiredService<SignInPage>();
        var providers = services.GetRequiredService<ProvidersPage>();
        var health = services.GetRequiredService<HealthPage>();
        var usage = services.GetRequiredService<UsagePage>();
        var routing = services.GetRequiredService<RoutingPage>();
        var keys = services.GetRequiredService<KeysPage>();
        var openRouter = services.GetRequiredService<OpenRouterConnectPage>();

        var console = app.MapGroup(Root).WithMetadata(ConsoleSurface.Instance);
        console.MapGet("", guard.Page((context, _) => { ConsoleHtml.SeeOther(context, "/providers"); return Task.CompletedTask; }));
        console.MapGet("/signin", signIn.ShowAsync);
        console.MapPost("/signin", signIn.SubmitAsync);
        console.MapPost("/signout", guard.Form(signIn.SignOutAsync));
        console.MapGet("/assets/{file}", ConsoleAssets.ServeAsync);

        console.MapGet("/providers", guard.Page(providers.ListAsync));
        console.MapPost("/providers", guard.Form(providers.CreateAsync));
        console.MapGet("/providers/{id}/edit", guard.Page(providers.EditAsync));
        console.MapPost("/providers/{id}/edit", guard.Form(providers.UpdateAsync));
        console.MapPost("/providers/{id}/active", guard.Form(providers.SetActiveAsync));
        console.MapPost("/providers/{id}/default", guard.Form(providers.SetDefaultAsync));
        console.MapGet("/providers/{id}/delete", guard.Page(providers.ConfirmDeleteAsync));
        console.MapPost("/providers/{id}/delete", guard.Form(providers.DeleteAsync));
        console.MapPost("/providers/{id}/rotate", guard.Form(providers.RotateAsync));
        console.MapPost("/providers/{id}/test", guard.Form(providers.TestAsync));
        console.MapPost("/openrouter/connect", guard.Form(openRouter.StartAsync));
        console.MapGet("/openrouter/callback", openRouter.CallbackAsync);

        console.MapGet("/usage", guard.Page(usage.ShowAsync));
        console.MapGet("/health", guard.Page(health.ShowAsync));
        console.MapGet("/health.json", guard.Json(health.JsonAsync));
        console.MapGet("/routing", guard.Page(routing.ShowAsync, ConsoleAccess.Admin));
        console.MapGet("/routing.json", guard.Json(routing.JsonAsync, ConsoleAccess.Admin));
        console.MapGet("/keys", guard.Page(keys.ShowAsync, ConsoleAccess.Admin));
        console.MapPost("/keys", guard.Form(keys.CreateAsync, ConsoleAccess.Admin));
        console.MapPost("/keys/{id}/revoke", guard.Form(keys.RevokeAsync, ConsoleAccess.Admin));
    }

    /// <summary>A route value of the current request (the handlers are plain request delegates).</summary>
    public static string Value(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";
}
