using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// The console's cookies: the session id (HttpOnly, SameSite=Strict, Secure over HTTPS, path <c>/console</c>, no
/// expiry: the server's idle timeout decides) and the sign-in form's CSRF token, which exists before any session.
/// </summary>
internal static class ConsoleCookies
{
    public const string Session = "gw_console";

    public const string SignIn = "gw_console_signin";

    public static void Set(HttpContext context, string name, string value) =>
        context.Response.Cookies.Append(name, value, Options(context));

    public static void Delete(HttpContext context, string name) =>
        context.Response.Cookies.Delete(name, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = ConsoleRoutes.Root,
        IsEssential = true,
    };
}
