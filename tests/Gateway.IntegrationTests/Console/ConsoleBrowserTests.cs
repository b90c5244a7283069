using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The console in a real browser against a real gateway and FakeUpstream: sign in, add a provider through the form
/// (it then serves chat), test it, create a key and use it from the official OpenAI client, revoke it (401), watch Health refresh without a reload, switch it off, the owner's view, the
/// OpenRouter connect flow, sign-out, idle expiry on the manual clock, and the layout at 1280x800 and on a narrow screen.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>, IAsyncLifetime
{
    private FakeUpstreamServer _alpha = null!;

    public async Task InitializeAsync() => _alpha = await FakeUpstreamServer.StartAsync("alpha");

    public async Task DisposeAsync() => await _alpha.DisposeAsync();

    [Fact]
    public async Task Admin_AddsTestsAndSwitchesOffAProvider_HealthRefreshes_NoKeyOnAnyPage()
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        var page = await browser.OpenAsync();
        var seen = new List<string>();
        page.Response += async (_, response) =>
        {
            if (response.Url.Contains("/console", StringComparison.Ordinal) && response.Status == 200)
            {
                seen.Add(await response.TextAsync());
            }
        };
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);

        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync("openai");
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync("sk-console-secret-0001");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Alpha via console");
        await page.GetByLabel("Base URL (when the type has none)", new() { Exact = true }).FillAsync(_alpha.BaseUrl);
        await page.GetByLabel("Smart model", new() { Exact = true }).FillAsync("alpha-smart");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added the openai provider");
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Alpha via console" })).ToBeVisibleAsync();

        var (status, provider, _) = await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart");
        Assert.Equal(200, status);
        Assert.StartsWith("openai-", provider, StringComparison.Ordinal);
        Assert.Equal("Bearer sk-console-secret-0001", _alpha.Received[^1].Headers["Authorization"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Test Alpha via console" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Test {provider}: ok (HTTP 200)");
        await ConsoleBrowser.ShotAsync(page, "providers");

        await page.GetByRole(AriaRole.Link, new() { Name = "Health" }).ClickAsync();
        var requests = page.Locator("#health tbody tr", new() { HasText = provider }).Locator("td").Nth(5);
        await Expect(requests).ToHaveTextAsync("1");
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        await Expect(requests).ToHaveTextAsync("2", new() { Timeout = 10_000 });
        Assert.Equal("true", await page.Locator("#health-updated").GetAttributeAsync("data-refreshed"));
        await ConsoleBrowser.ShotAsync(page, "health");

        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(page.Locator("#usage")).ToContainTextAsync(provider);
        await Expect(page.Locator("#usage tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync("2");
        await ConsoleBrowser.ShotAsync(page, "usage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Routing" }).ClickAsync();
        await Expect(page.Locator("#routing-smart")).ToContainTextAsync("alpha-smart");
        await ConsoleBrowser.ShotAsync(page, "routing");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        await page.GetByLabel("Owner").FillAsync("carol");
        await page.GetByLabel("Label").FillAsync("console key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var created = (await page.Locator("#new-key").TextContentAsync())!.Trim();
        Assert.StartsWith("gw-", created, StringComparison.Ordinal);
        var openAI = new OpenAI.Chat.ChatClient("smart", new System.ClientModel.ApiKeyCredential(created),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(gateway.Root + "/v1") });
        var completion = await openAI.CompleteChatAsync([new OpenAI.Chat.UserChatMessage("hello from the console's key")]);
        Assert.NotEmpty(completion.Value.Content[0].Text);
        await page.GetByRole(AriaRole.Link, new() { Name = "Keys" }).ClickAsync();
        Assert.DoesNotContain(created, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.ShotAsync(page, "keys"); // the README's: the key listed, never shown again
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Revoke ") }).First.ClickAsync();
        var refused = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => openAI.CompleteChatAsync([new OpenAI.Chat.UserChatMessage("again")]));
        Assert.Equal(401, refused.Status);

        await page.GetByRole(AriaRole.Link, new() { Name = "Providers" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch off Alpha via console" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Switched off.");
        Assert.Equal(503, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        await page.GetByRole(AriaRole.Link, new() { Name = "Routing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Routing", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync("alpha-smart");
        await page.GetByRole(AriaRole.Link, new() { Name = "Providers" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Alpha via console" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Deleted.");

        Assert.NotEmpty(seen);
        Assert.DoesNotContain(seen, body => body.Contains(StoreBackend.AdminKey, StringComparison.Ordinal) || body.Contains("sk-console-secret-0001", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Owner_SeesOnlyItsProviders_AdminPagesAre403_AndConnectsOpenRouter()
    {
        await using var openRouter = await FakeUpstreamServer.StartAsync("openrouter");
        var (gateway, store) = await ConsoleGateway.StartAsync(settings: [("Gateway:OpenRouter:AuthBaseUrl", openRouter.Root)]);
        await using var _ = store;
        await using var __ = gateway;
        var (created, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey,
            StoreBackend.OpenAIProvider(_alpha).Replace("{", """{"owner":"bob",""", StringComparison.Ordinal));
        Assert.Equal(201, created);
        var bobs = body.GetProperty("id").GetString()!;

        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AliceKey);
        await Expect(page.Locator("main")).ToContainTextAsync("No providers yet");
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Routing" }).CountAsync());
        Assert.Equal(403, (await page.GotoAsync(gateway.Root + "/console/routing"))!.Status);
        Assert.Equal(403, (await page.GotoAsync(gateway.Root + "/console/keys"))!.Status);
        Assert.Equal(404, (await page.GotoAsync(gateway.Root + $"/console/providers/{bobs}/edit"))!.Status);

        // Alice's own form token does not let her switch bob's provider off: out of her scope it does not exist.
        await page.GotoAsync(gateway.Root + "/console/providers");
        var csrf = await page.Locator("input[name=_csrf]").First.GetAttributeAsync("value");
        var form = page.APIRequest.CreateFormData();
        form.Set("_csrf", csrf!);
        form.Set("active", "false");
        var post = await page.APIRequest.PostAsync(gateway.Root + $"/console/providers/{bobs}/active", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(303, post.Status);
        var (_, bob) = await gateway.Client.SendAsync(HttpMethod.Get, $"/admin/providers/{bobs}", StoreBackend.AdminKey);
        Assert.True(bob.GetProperty("provider").GetProperty("isActive").GetBoolean());

        // Connect OpenRouter: out to the authorization page, back with a code for the challenge it was given.
        await page.GotoAsync(gateway.Root + "/console/providers");
        // The browser follows the redirect out to the authorization page, which the test stands in for (FakeUpstream has
        // none, and Chromium replaces an empty 404 with its own error page, a navigation that would race the next one).
        await page.RouteAsync(openRouter.Root + "/auth?**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<title>Authorize</title>" }));
        var authorize = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Connect OpenRouter" }).ClickAsync(),
            response => response.Url.StartsWith(openRouter.Root + "/auth?", StringComparison.Ordinal));
        // Let that navigation finish (on the fake's 404 page) before starting the next, or the two race.
        await ConsoleBrowser.LoadedAsync(page);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(authorize.Url).Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.StartsWith(gateway.Root + "/console/openrouter/callback?state=", query["callback_url"], StringComparison.Ordinal);
        var code = openRouter.IssueOpenRouterCode(query["code_challenge"]!);
        // Back to the callback in the same browser (its binding cookie; the cross-site return is OpenRouterReturnTests'), in a new tab: the first tab is still busy with the
        // authorization page, and Chromium's error page for the fake's empty 404 can land late and cut a navigation short.
        page = await page.Context.NewPageAsync();
        await page.GotoAsync(query["callback_url"] + "&code=" + code);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("OpenRouter connected.");
        await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "OpenRouter" })).ToBeVisibleAsync();
        Assert.DoesNotContain("sk-or-v1-fake-openrouter-key-0001", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Session_ExpiresAfterIdle_OnTheManualClock_AndSignOutEndsIt()
    {
        var clock = new ManualClock();
        var (gateway, store) = await ConsoleGateway.StartAsync(clock);
        await using var _ = store;
        await using var __ = gateway;
        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "gw_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(StoreBackend.AdminKey, cookie.Value, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(29));
        await page.GotoAsync(gateway.Root + "/console/usage");
        Assert.EndsWith("/console/usage", page.Url, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(31));
        await page.GotoAsync(gateway.Root + "/console/usage");
        Assert.EndsWith("/console/signin", page.Url, StringComparison.Ordinal);

        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, "/console/signin");
        await page.GotoAsync(gateway.Root + "/console/providers");
        Assert.EndsWith("/console/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Pages_FitTheViewport_WithoutHorizontalOverflow(int width, int height)
    {
        var (gateway, store) = await ConsoleGateway.StartAsync();
        await using var _ = store;
        await using var __ = gateway;
        await gateway.Client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_alpha));
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Status);
        var page = await browser.OpenAsync(width, height);
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);
        foreach (var path in new[] { "providers", "usage", "health", "routing", "keys" })
        {
            await page.GotoAsync(gateway.Root + "/console/" + path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} at {width}x{height} overflows by {overflow}px");
            await ConsoleBrowser.ShotAsync(page, $"{path}-{width}x{height}");
        }

        await page.Context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
