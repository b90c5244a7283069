using Gateway.Store;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Connect OpenRouter from the console (an owner's session): the server-driven PKCE flow of the provider manager. The
/// form redirects out to OpenRouter's authorization page with a state bound to the owner; OpenRouter redirects back to
/// <c>/console/openrouter/callback</c>, where the code is exchanged for a key that is stored encrypted.
/// </summary>
internal sealed class OpenRouterConnectPage(ProviderManager manager, OpenRouterKeyClient openRouter)
{
    public async Task StartAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        if (session.Identity.Owner is not { } owner)
        {
            session.Flash = new ConsoleFlash(false, "OpenRouter is connected for an owner: sign in with that owner's client key.");
            ConsoleHtml.SeeOther(context, "/providers");
            return;
        }

        var request = context.Request;
        var callback = $"{request.Scheme}://{request.Host}{request.PathBase}{ConsoleRoutes.Root}/openrouter/callback";
        var (url, _, _, error) = await manager.BeginConnectAsync(openRouter, owner, callback, context.RequestAborted).ConfigureAwait(false);
        if (url is null)
        {
            session.Flash = new ConsoleFlash(false, error?.Message ?? "The connection could not start.");
            ConsoleHtml.SeeOther(context, "/providers");
            return;
        }

        context.Response.StatusCode = 303;
        context.Response.Headers.Location = url.AbsoluteUri;
    }

    public async Task CallbackAsync(HttpContext context, ConsoleSession session)
    {
        var owner = session.Identity.Owner ?? "";
        var (id, error) = await manager.CompleteConnectAsync(openRouter, owner, ProvidersPage.Actor(session),
            context.Request.Query["code"].ToString(), context.Request.Query["state"].ToString(), context.RequestAborted).ConfigureAwait(false);
        session.Flash = id is not null ? new ConsoleFlash(true, "OpenRouter connected.") : new ConsoleFlash(false, error?.Message ?? "OpenRouter could not be connected.");
        ConsoleHtml.SeeOther(context, "/providers");
    }
}
