using Microsoft.AspNetCore.Http;

namespace Gateway.WebConsole;

/// <summary>
/// The console's cookies: the session id (HttpOnly, SameSite=Strict, Secure over HTTPS, path <c>/console</c>, no
/// expiry: the server's idle timeout decides), the sign-in form's CSRF token, which exists before any session, and the
/// Connect OpenRouter binding (SameSite=Lax so that it comes back with the cross-site return, only on the callback's path,
/// ten minutes; see <see cref="OpenRouterReturns"/>).
/// </summary>
internal static class ConsoleCookies
{
    public const string Session = "gw_console";

    public const string SignIn = "gw_console_signin";

    public const string OpenRouterBinding = "gw_console_oauth";

    /// <summary>The path the binding cookie is sent on: the callback only.</summary>
    public const string OpenRouterBindingPath = ConsoleRoutes.Root + "/openrouter/callback";

    public static void Set(HttpContext context, string name, string value) =>
        context.Response.Cookies.Append(name, value, Options(context));

    public static void Delete(HttpContext context, string name) =>
        context.Response.Cookies.Delete(name, Options(context));

    public static void SetOpenRouterBinding(HttpContext context, string value) =>
        context.Response.Cookies.Append(OpenRouterBinding, value, BindingOptions(context));

    public static void DeleteOpenRouterBinding(HttpContext context) =>
        context.Response.Cookies.Delete(OpenRouterBinding, BindingOptions(context));

    private static CookieOptions BindingOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = OpenRouterBindingPath,
        MaxAge = OpenRouterReturns.Lifetime,
        IsEssential = true,
    };

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = ConsoleRoutes.Root,
        IsEssential = true,
    };
}
