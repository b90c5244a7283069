using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// The security headers of every console response: a strict Content-Security-Policy (scripts, styles and fetches from
/// this origin only, no inline script, no framing, forms post only here), nosniff, no referrer, no caching of pages.
/// </summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// Lets this page's forms lead to <paramref name="origin"/> too (form-action governs the redirect after a post):
    /// the Connect OpenRouter form's answer redirects to OpenRouter's authorization page.
    /// </summary>
    public static void AllowFormTarget(HttpResponse response, Uri origin) =>
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {origin.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);

    public static void Apply(HttpResponse response, bool cacheable = false)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (!cacheable)
        {
            headers.CacheControl = "no-store";
        }
    }
}
