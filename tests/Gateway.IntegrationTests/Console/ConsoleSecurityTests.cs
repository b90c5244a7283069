using System.Net;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The console over plain HTTP, no browser: every page and form refuses a caller without a session, forms without the
/// CSRF token are 403, the security headers and cookie attributes are set, and no key reaches any response.
/// </summary>
public sealed partial class ConsoleSecurityTests
{
    private static readonly string[] Pages = ["/console", "/console/providers", "/console/usage", "/console/health", "/console/routing", "/console/keys", "/console/providers/x/edit", "/console/providers/x/delete"];
    private static readonly string[] Forms = ["/console/providers", "/console/providers/x/edit", "/console/providers/x/active", "/console/providers/x/default", "/console/providers/x/delete", "/console/providers/x/rotate", "/console/providers/x/test", "/console/openrouter/connect", "/console/keys", "/console/signout"];

    [Fact]
    public async Task EveryPageAndForm_WithoutASession_RedirectsOrIs401()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        using var client = NewClient(gateway.Root);
        foreach (var path in Pages)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Found, $"GET {path}: {response.StatusCode}");
            Assert.Equal("/console/signin", response.Headers.Location?.ToString());
        }

        foreach (var path in Forms)
        {
            using var response = await client.PostAsync(path, new FormUrlEncodedContent([new("_csrf", "x")]));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path}: {response.StatusCode}");
        }

        using var json = await client.GetAsync("/console/health.json");
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsAStrictHttpOnlySessionCookie_AndFormsWithoutTheTokenAre403()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        using var client = NewClient(gateway.Root);

        // The sign-in form itself needs its token: a cross-site post of a key is refused.
        using (var forged = await client.PostAsync("/console/signin", new FormUrlEncodedContent([new("key", StoreBackend.AdminKey)])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        var session = await SignInAsync(client, StoreBackend.AdminKey);
        using var page = await GetAsync(client, "/console/providers", session);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        AssertSecurityHeaders(page);
        var token = Csrf().Match(html).Groups[1].Value;
        Assert.NotEmpty(token);

        foreach (var (fields, why) in new[] { (Array.Empty<KeyValuePair<string, string>>(), "no token"), ([new("_csrf", token + "x")], "wrong token") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/console/providers") { Content = new FormUrlEncodedContent([.. fields, new("type", "openai"), new("apiKey", "sk-x-0001")]) };
            request.Headers.Add("Cookie", session);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{why}: {response.StatusCode}");
        }

        var (_, list) = await gateway.Client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AdminKey);
        Assert.Equal(0, list.GetProperty("providers").GetArrayLength());
        Assert.DoesNotContain(StoreBackend.AdminKey, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_AreServedWithTypesAndCaching_AndTheWrongKeyIs401()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        using var client = NewClient(gateway.Root);
        using var js = await client.GetAsync("/console/assets/console.js");
        Assert.Equal("text/javascript; charset=utf-8", js.Content.Headers.ContentType?.ToString());
        Assert.Contains("max-age=86400", js.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var css = await client.GetAsync("/console/assets/console.css");
        Assert.Equal("text/css; charset=utf-8", css.Content.Headers.ContentType?.ToString());
        using var missing = await client.GetAsync("/console/assets/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var form = await client.GetAsync("/console/signin");
        var token = Csrf().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/signin") { Content = new FormUrlEncodedContent([new("_csrf", token), new("key", "not-a-key")]) };
        request.Headers.Add("Cookie", CookieOf(form, "gw_console_signin"));
        using var wrong = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain("not-a-key", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Signs in through the form; answers the session cookie (name=value) and checks its attributes.</summary>
    internal static async Task<string> SignInAsync(HttpClient client, string key)
    {
        using var form = await client.GetAsync("/console/signin");
        var token = Csrf().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/signin") { Content = new FormUrlEncodedContent([new("_csrf", token), new("key", key)]) };
        request.Headers.Add("Cookie", CookieOf(form, "gw_console_signin"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("gw_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", set, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key, set, StringComparison.Ordinal);
        return set[..set.IndexOf(';', StringComparison.Ordinal)];
    }

    private static string CookieOf(HttpResponseMessage response, string name)
    {
        var set = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        return set[..set.IndexOf(';', StringComparison.Ordinal)];
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static HttpClient NewClient(string root) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(root) };

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();
}
