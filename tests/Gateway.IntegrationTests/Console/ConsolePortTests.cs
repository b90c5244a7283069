using System.Globalization;
using System.Net;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// <c>Gateway:Console:Port</c>: the console on a listener of its own (the API port answers 404 under /console, the
/// console port 404 for everything else), and <c>Gateway:Console:Enabled=false</c>: no console anywhere.
/// </summary>
public sealed class ConsolePortTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    [Fact]
    public async Task ConsolePort_ServesTheConsole_AndTheApiPortNoLonger()
    {
        var port = Ports.Free();
        var (gateway, store) = await ConsoleGateway.StartAsync(settings: ("Gateway:Console:Port", port.ToString(CultureInfo.InvariantCulture)));
        await using var _ = store;
        await using var __ = gateway;
        var root = $"http://127.0.0.1:{port}";
        using var console = new HttpClient { BaseAddress = new Uri(root) };

        var signIn = await console.GetAsync(new Uri("/console/signin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Admin key or client key", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(signIn.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var path in new[] { "/v1/models", "/admin/health", "/metrics", "/healthz", "/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        var (onApi, onApiBody) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/console/signin"));
        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
        Http.AssertOpenAIError(onApiBody);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        // The whole console works there: sign in, its pages and assets, a form with its CSRF token.
        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, root, StoreBackend.AdminKey);
        Assert.Equal(200, (await page.GotoAsync(root + "/console/keys"))!.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, "/console/signin");
        Assert.Contains(gateway.Logs.Lines, l => l.Contains($"Console listening on http://127.0.0.1:{port}", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConsoleDisabled_Is404_OnTheApiPort()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync(settings: ("Gateway:Console:Enabled", "false"));
        await using var _ = store;
        await using var __ = gateway;

        foreach (var path in new[] { "/console", "/console/signin", "/console/assets/console.css" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }
}
