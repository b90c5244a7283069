using Gateway.Contracts;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Connect OpenRouter from the console (an owner's session): the server-driven PKCE flow of the provider manager. The
/// form redirects out to OpenRouter's authorization page with a state bound to the owner; OpenRouter redirects back to
/// <c>/console/openrouter/callback</c>, where the code is exchanged for a key that is stored encrypted. That return is
/// a navigation from another site, which does not carry the SameSite=Strict session cookie: it is recognised by the
/// state with the binding cookie of <see cref="OpenRouterReturns"/> instead.
/// </summary>
internal sealed class OpenRouterConnectPage(ProviderManager manager, OpenRouterKeyClient openRouter, OpenRouterReturns returns, ConsoleSessions sessions)
{
    /// <summary>Where the return lands once done: a page of the console, where the session cookie is sent again.</summary>
    private const string Done = ConsoleRoutes.Root + "/providers";

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
        var (url, state, _, error) = await manager.BeginConnectAsync(openRouter, owner, callback, context.RequestAborted).ConfigureAwait(false);
        if (url is null || state is null)
        {
            session.Flash = new ConsoleFlash(false, error?.Message ?? "The connection could not start.");
            ConsoleHtml.SeeOther(context, "/providers");
            return;
        }

        ConsoleCookies.SetOpenRouterBinding(context, returns.Begin(state, session, owner, ProvidersPage.Actor(session)));
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = url.AbsoluteUri;
    }

    /// <summary>
    /// The return from OpenRouter, with or without the session cookie: the state and the binding cookie must match a
    /// connect this browser started (else a 400 and nothing happens). The binding cookie is deleted either way.
    /// </summary>
    public async Task CallbackAsync(HttpContext context)
    {
        ConsoleHeaders.Apply(context.Response);
        var query = context.Request.Query;
        var state = query["state"].ToString();
        var pending = returns.Take(state, context.Request.Cookies[ConsoleCookies.OpenRouterBinding]);
        ConsoleCookies.DeleteOpenRouterBinding(context);
        if (pending is null || sessions.Touch(pending.SessionId) is not { } session)
        {
            await ConsoleHtml.ErrorAsync(context, 400, "This return from OpenRouter does not match a connection started in this browser (or it expired, was already used, or its session ended): start again from Providers.").ConfigureAwait(false);
            return;
        }

        var (id, error) = await manager.CompleteConnectAsync(openRouter, pending.Owner, pending.Actor, query["code"].ToString(), state, context.RequestAborted).ConfigureAwait(false);
        session.Flash = id is not null ? new ConsoleFlash(true, "OpenRouter connected.") : new ConsoleFlash(false, error?.Message ?? "OpenRouter could not be connected.");

        // Not a redirect: this navigation was started by OpenRouter's page, and a redirect would still be that
        // cross-site navigation (no session cookie). A page of ours that moves on starts a same-site one.
        context.Response.Headers["Refresh"] = "0; url=" + Done;
        await ConsoleHtml.BarePageAsync(context, 200, "OpenRouter", $"<p role=\"status\">{ConsoleHtml.E(session.Flash.Message)}</p><p><a href=\"{Done}\">Continue to Providers</a></p>").ConfigureAwait(false);
    }
}
