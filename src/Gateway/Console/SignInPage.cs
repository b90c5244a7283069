using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Sign-in with the admin key or a client key: the key is checked once and forgotten; the browser gets only a random
/// session id. The sign-in form is protected by its own token (a cookie and a field that must match) since no session
/// exists yet. Sign-out removes the session on the server.
/// </summary>
internal sealed class SignInPage(ConsoleSessions sessions, ConsoleKeyCheck check, ConsoleSetup setup)
{
    public Task ShowAsync(HttpContext context) => FormAsync(context, 200, null);

    public async Task SubmitAsync(HttpContext context)
    {
        ConsoleHeaders.Apply(context.Response);
        var form = await ConsoleGuard.ReadFormAsync(context).ConfigureAwait(false);
        var cookie = context.Request.Cookies[ConsoleCookies.SignIn] ?? "";
        if (form is null || !ConsoleGuard.TokensMatch(form[ConsoleGuard.CsrfField].ToString(), cookie))
        {
            await ConsoleHtml.ErrorAsync(context, 403, "The sign-in form's security token is missing or stale: reload the page.").ConfigureAwait(false);
            return;
        }

        var key = form["key"].ToString().Trim();
        if (key.Length == 0 || check(key) is not { } identity)
        {
            await FormAsync(context, 401, "That key is not the admin key or a client key with an owner.").ConfigureAwait(false);
            return;
        }

        var session = sessions.Create(identity);
        ConsoleCookies.Delete(context, ConsoleCookies.SignIn);
        ConsoleCookies.Set(context, ConsoleCookies.Session, session.Id);
        ConsoleHtml.SeeOther(context, "/providers");
    }

    public Task SignOutAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        sessions.Remove(session.Id);
        ConsoleCookies.Delete(context, ConsoleCookies.Session);
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = ConsoleRoutes.SignIn;
        return Task.CompletedTask;
    }

    private Task FormAsync(HttpContext context, int status, string? error)
    {
        ConsoleHeaders.Apply(context.Response);
        var token = ConsoleSessions.NewToken();
        ConsoleCookies.Set(context, ConsoleCookies.SignIn, token);
        var alert = error is null ? "" : $"<p class=\"flash bad\" role=\"alert\">{ConsoleHtml.E(error)}</p>";
        if (!setup.AdminKeyConfigured)
        {
            alert += "<p class=\"flash\" role=\"status\" id=\"no-admin-key\">No admin key is configured on this gateway: only a client key with an owner can sign in, " +
                "for that owner's pages. Start the gateway with <code>AI_ADMIN_KEY</code> (or <code>Gateway:AdminKey</code>) set to a long random value, " +
                "for example from <code>openssl rand -hex 32</code>, for the admin pages.</p>";
        }

        return ConsoleHtml.BarePageAsync(context, status, "Sign in", alert +
            $"<form method=\"post\" action=\"{ConsoleRoutes.SignIn}\" class=\"card\" autocomplete=\"off\">" +
            $"<input type=\"hidden\" name=\"{ConsoleGuard.CsrfField}\" value=\"{ConsoleHtml.E(token)}\">" +
            "<label for=\"key\">Admin key or client key</label><input id=\"key\" name=\"key\" type=\"password\" required autofocus autocomplete=\"off\">" +
            "<p class=\"hint\">The key is checked once and not kept in the browser: a session cookie is set instead.</p>" +
            "<button type=\"submit\">Sign in</button></form>");
    }
}
