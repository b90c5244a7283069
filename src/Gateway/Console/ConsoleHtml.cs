using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// Writes the console's HTML: one layout (navigation, who is signed in, sign-out form, the flash message) around a
/// page body. Every value from data goes through <see cref="E"/>; the pages have no inline script or style.
/// </summary>
internal static class ConsoleHtml
{
    private static readonly (string Path, string Title, bool AdminOnly)[] Navigation =
    [
        ("/providers", "Providers", false), ("/usage", "Usage", false), ("/health", "Health", false), ("/routing", "Routing", true), ("/keys", "Keys", true),
    ];

    /// <summary>HTML-encodes text for an element or a quoted attribute.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>The hidden CSRF field every form of a session carries.</summary>
    public static string Csrf(ConsoleSession session) => $"<input type=\"hidden\" name=\"{ConsoleGuard.CsrfField}\" value=\"{E(session.CsrfToken)}\">";

    public static Task PageAsync(HttpContext context, ConsoleSession session, string path, string title, string body, int status = 200)
    {
        var html = new StringBuilder(4096);
        Head(html, title);
        html.Append("<header class=\"top\"><a class=\"skip\" href=\"#main\">Skip to content</a><span class=\"brand\">Gateway console</span><nav aria-label=\"Console sections\"><ul>");
        foreach (var (navPath, navTitle, adminOnly) in Navigation.Where(n => !n.AdminOnly || session.Identity.IsAdmin))
        {
            var current = navPath == path ? " aria-current=\"page\"" : "";
            html.Append("<li><a href=\"").Append(ConsoleRoutes.Root).Append(navPath).Append('"').Append(current).Append('>').Append(navTitle).Append("</a></li>");
        }

        html.Append("</ul></nav><div class=\"who\">Signed in as <strong>").Append(E(session.Identity.Display)).Append("</strong>")
            .Append("<form method=\"post\" action=\"").Append(ConsoleRoutes.SignOut).Append("\">").Append(Csrf(session))
            .Append("<button type=\"submit\">Sign out</button></form></div></header><main id=\"main\"><h1>").Append(E(title)).Append("</h1>");
        if (session.Flash is { } flash)
        {
            session.Flash = null;
            html.Append("<p class=\"flash ").Append(flash.Ok ? "ok" : "bad").Append("\" role=\"status\">").Append(E(flash.Message)).Append("</p>");
        }

        html.Append(body).Append("</main></body></html>");
        return WriteAsync(context, status, html.ToString());
    }

    /// <summary>A page outside a session (sign-in, errors).</summary>
    public static Task BarePageAsync(HttpContext context, int status, string title, string body)
    {
        var html = new StringBuilder(1024);
        Head(html, title);
        html.Append("<main id=\"main\" class=\"bare\"><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return WriteAsync(context, status, html.ToString());
    }

    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        BarePageAsync(context, status, status switch { 401 => "Sign in required", 403 => "Forbidden", 404 => "Not found", _ => "Error" },
            $"<p role=\"alert\">{E(message)}</p><p><a href=\"{ConsoleRoutes.Root}/providers\">Back to the console</a></p>");

    /// <summary>Post/redirect/get: a 303 to a console page.</summary>
    public static void SeeOther(HttpContext context, string path)
    {
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = ConsoleRoutes.Root + path;
    }

    private static void Head(StringBuilder html, string title) =>
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(E(title)).Append(" · Gateway console</title><link rel=\"stylesheet\" href=\"").Append(ConsoleRoutes.Assets).Append("/console.css\">")
            .Append("<script src=\"").Append(ConsoleRoutes.Assets).Append("/console.js\" defer></script></head><body>");

    private static Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, context.RequestAborted);
    }
}
