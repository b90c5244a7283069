using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Store;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The return leg of Connect OpenRouter in a real browser, truly cross-site: the authorization page lives on
/// <c>openrouter.test</c> (another site, still 127.0.0.1), so Chromium does not send the SameSite=Strict session cookie
/// on the way back. The short-lived binding cookie (SameSite=Lax, path-scoped, single use) carries the return; without
/// it, or with another state, the callback is a 400 and nothing is created.
/// </summary>
public sealed class OpenRouterReturnTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private const string BindingCookie = "gw_console_oauth";

    [Fact]
    public async Task Callback_ReturnFromAnotherSite_ConnectsTheOwnersProvider()
    {
        await using var openRouter = await FakeUpstreamServer.StartAsync("openrouter");
        var (gateway, store) = await StartAsync(openRouter);
        await using var _ = store;
        await using var __ = gateway;
        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AliceKey);

        await page.GetByRole(AriaRole.Button, new() { Name = "Connect OpenRouter" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(AuthorizePage(openRouter) + "?")));
        var binding = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == BindingCookie);
        Assert.True(binding.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, binding.SameSite);
        Assert.Equal("/console/openrouter/callback", binding.Path);
        // Max-Age=600: a persistent cookie (a session cookie's Expires is -1) that lapses within ten minutes. The browser
        // dates it by its own clock, so only the bounds are asserted (a loaded CI machine once read 512 s left).
        Assert.InRange(binding.Expires - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60, 11 * 60);

        await page.GetByRole(AriaRole.Link, new() { Name = "Authorize" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, "/console/providers");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("OpenRouter connected.");
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "OpenRouter" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == BindingCookie);
        Assert.Equal(1, openRouter.OpenRouterExchanges);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Callback_WithoutTheBindingCookieOrWithAnotherState_Is400_AndCreatesNothing()
    {
        await using var openRouter = await FakeUpstreamServer.StartAsync("openrouter");
        var (gateway, store) = await StartAsync(openRouter);
        await using var _ = store;
        await using var __ = gateway;
        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AliceKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect OpenRouter" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(AuthorizePage(openRouter) + "?")));
        var back = await page.GetByRole(AriaRole.Link, new() { Name = "Authorize" }).GetAttributeAsync("href");

        // Another browser (an attacker's link, no binding cookie): refused.
        var other = await browser.OpenAsync();
        var stranger = await other.GotoAsync(back!);
        Assert.Equal(400, stranger!.Status);
        await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("start again");
        await other.Context.CloseAsync();

        // The right browser with another state: refused, and the binding cookie is spent.
        var forged = System.Text.RegularExpressions.Regex.Replace(back!, "state=[^&]+", "state=forged");
        Assert.Equal(400, (await page.GotoAsync(forged))!.Status);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == BindingCookie);
        Assert.Equal(400, (await page.GotoAsync(back!))!.Status);

        Assert.Equal(0, openRouter.OpenRouterExchanges);
        var (_, list) = await gateway.Client.SendAsync(HttpMethod.Get, "/admin/providers", StoreBackend.AdminKey);
        Assert.DoesNotContain("openrouter", list.GetRawText(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private static string AuthorizePage(FakeUpstreamServer openRouter) =>
        $"http://{ConsoleBrowser.OtherSite}:{new Uri(openRouter.Root).Port}/auth";

    private static Task<(Infrastructure.GatewayHost Gateway, StoreBackend Store)> StartAsync(FakeUpstreamServer openRouter) =>
        ConsoleGateway.StartAsync(settings: [("Gateway:OpenRouter:AuthBaseUrl", openRouter.Root), ("Gateway:OpenRouter:AuthorizeUrl", AuthorizePage(openRouter))]);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
