using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Accounts;
using Gateway.IntegrationTests.Console;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;

namespace Gateway.IntegrationTests.Tenancy;

/// <summary>
/// A console session is only as good as the key it was opened with, checked on every request: revoked, expired, or
/// rotated past its grace, the session is signed out (pages redirect to sign-in, forms get 401, nothing is created).
/// </summary>
public sealed partial class ConsoleSessionFollowsKeyTests
{
    [Fact]
    public async Task RevokedKey_ItsSessionIsSignedOut_AndCannotCreateAProvider()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        using var client = ConsolePages.NewClient(gateway.Root);
        var (id, key) = await gateway.Client.CreateKeyAsync("carol");
        var session = await ConsoleSecurityTests.SignInAsync(client, key);
        var (status, html) = await ConsolePages.GetAsync(client, "/console/providers", session);
        Assert.Equal(HttpStatusCode.OK, status);
        var csrf = Csrf().Match(html).Groups[1].Value;
        Assert.NotEmpty(csrf);

        Assert.Equal(200, (await gateway.Client.AdminAsync(HttpMethod.Delete, $"/admin/keys/{id}")).Status);

        using (var create = await PostAsync(client, "/console/providers", session, [new("_csrf", csrf), new("type", "openai"), new("apiKey", "sk-x-0001"), new("baseUrl", "https://api.example.com/v1")]))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        }

        var (_, list) = await gateway.Client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AdminKey);
        Assert.Equal(0, list.GetProperty("providers").GetArrayLength());
        using var page = await GetAsync(client, "/console/providers", session);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/console/signin", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ExpiredKey_AndKeyRotatedPastItsGrace_SessionsAreSignedOut()
    {
        var clock = new ManualClock();
        var (gateway, store) = await ConsoleGateway.StartAsync(clock);
        await using var _ = store;
        await using var __ = gateway;
        using var client = ConsolePages.NewClient(gateway.Root);

        var expires = (clock.GetUtcNow() + TimeSpan.FromMinutes(10)).ToString("O", CultureInfo.InvariantCulture);
        var (_, expiring) = await gateway.Client.CreateKeyAsync("carol", $$""","expiresAt":"{{expires}}" """);
        var (rotatedId, rotating) = await gateway.Client.CreateKeyAsync("dave");
        var (_, steady) = await gateway.Client.CreateKeyAsync("erin");
        var expiringSession = await ConsoleSecurityTests.SignInAsync(client, expiring);
        var rotatingSession = await ConsoleSecurityTests.SignInAsync(client, rotating);
        var steadySession = await ConsoleSecurityTests.SignInAsync(client, steady);
        var adminSession = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);

        Assert.Equal(200, (await gateway.Client.AdminAsync(HttpMethod.Post, $"/admin/keys/{rotatedId}/rotate?grace_seconds=300")).Status);
        clock.Advance(TimeSpan.FromMinutes(4));
        foreach (var session in new[] { expiringSession, rotatingSession, steadySession, adminSession })
        {
            Assert.Equal(HttpStatusCode.OK, (await ConsolePages.GetAsync(client, "/console/providers", session)).Status);
        }

        // Past the rotation's grace (5 min) and the expiry (10 min), within the idle timeout (30 min) of every session.
        clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(HttpStatusCode.Found, (await ConsolePages.GetAsync(client, "/console/providers", expiringSession)).Status);
        Assert.Equal(HttpStatusCode.Found, (await ConsolePages.GetAsync(client, "/console/providers", rotatingSession)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ConsolePages.GetAsync(client, "/console/providers", steadySession)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ConsolePages.GetAsync(client, "/console/keys", adminSession)).Status);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string cookie, KeyValuePair<string, string>[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();
}
