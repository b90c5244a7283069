using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Wraps every console handler: security headers; the session from its cookie (none: a page redirects to sign-in, a
/// JSON or form request gets 401); the admin check (403); and for a POST the form's CSRF token compared in constant
/// time with the session's (missing or wrong: 403). Handlers then see a live session and, for a POST, a read form.
/// </summary>
internal sealed class ConsoleGuard(ConsoleSessions sessions)
{
    /// <summary>The form field that carries the CSRF token.</summary>
    public const string CsrfField = "_csrf";

    public RequestDelegate Page(Func<HttpContext, ConsoleSession, Task> handler, ConsoleAccess access = ConsoleAccess.Session) => async context =>
    {
        ConsoleHeaders.Apply(context.Response);
        if (await SessionAsync(context, access, redirect: true).ConfigureAwait(false) is { } session)
        {
            await handler(context, session).ConfigureAwait(false);
        }
    };

    public RequestDelegate Json(Func<HttpContext, ConsoleSession, Task> handler, ConsoleAccess access = ConsoleAccess.Session) => async context =>
    {
        ConsoleHeaders.Apply(context.Response);
        if (await SessionAsync(context, access, redirect: false).ConfigureAwait(false) is { } session)
        {
            await handler(context, session).ConfigureAwait(false);
        }
    };

    public RequestDelegate Form(Func<HttpContext, ConsoleSession, IFormCollection, Task> handler, ConsoleAccess access = ConsoleAccess.Session) => async context =>
    {
        ConsoleHeaders.Apply(context.Response);
        if (await SessionAsync(context, access, redirect: false).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form is null || !TokensMatch(form[CsrfField].ToString(), session.CsrfToken))
        {
            await ConsoleHtml.ErrorAsync(context, 403, "The form's security token is missing or stale: reload the page and try again.").ConfigureAwait(false);
            return;
        }

        await handler(context, session, form).ConfigureAwait(false);
    };

    /// <summary>Constant-time comparison of two tokens; an empty one never matches.</summary>
    public static bool TokensMatch(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>The posted form, or null when the body is not a form (or not readable).</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task<ConsoleSession?> SessionAsync(HttpContext context, ConsoleAccess access, bool redirect)
    {
        var session = sessions.Touch(context.Request.Cookies[ConsoleCookies.Session]);
        if (session is null)
        {
            if (redirect && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = ConsoleRoutes.SignIn;
                await context.Response.WriteAsync("Sign in at " + ConsoleRoutes.SignIn, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await ConsoleHtml.ErrorAsync(context, 401, "Sign in first.").ConfigureAwait(false);
            }

            return null;
        }

        if (access == ConsoleAccess.Admin && !session.Identity.IsAdmin)
        {
            await ConsoleHtml.ErrorAsync(context, 403, "This page is for the admin only.").ConfigureAwait(false);
            return null;
        }

        return session;
    }
}
