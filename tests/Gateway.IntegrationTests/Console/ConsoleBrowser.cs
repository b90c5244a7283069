using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright (never <c>playwright install</c>: tests/run.sh
/// installs Debian's <c>chromium</c>). Each test opens its own context (cookies and viewport of its own).
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    /// <summary>A host name this browser resolves to 127.0.0.1: another site than the gateway's.</summary>
    public const string OtherSite = "openrouter.test";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests save their screenshots: the test output folder.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "console-screenshots")).FullName;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // openrouter.test is 127.0.0.1 for this browser only: a page there is another site than the gateway's 127.0.0.1,
            // so a navigation from it back to the console is cross-site, as the return from openrouter.ai is.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                $"--host-resolver-rules=MAP {OtherSite} 127.0.0.1"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    public async Task<IPage> OpenAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the console's form with <paramref name="key"/> and lands on Providers.</summary>
    public static async Task SignInAsync(IPage page, string root, string key)
    {
        await page.GotoAsync(root + "/console/providers");
        Assert.EndsWith("/console/signin", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Admin key or client key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await AtAsync(page, "/console/providers");
    }

    /// <summary>
    /// Waits until the page's address ends with <paramref name="pathAndQuery"/>, for as long as a navigation may take
    /// (30 s). A web-first assertion, which polls the address: <c>WaitForURLAsync</c> checks the address and then
    /// subscribes to the frame's navigation and load events, and an event delivered between the two is lost, so it
    /// times out now and then however long it waits (microsoft/playwright-dotnet#3364; it failed this suite twice, a
    /// sign-in and an OpenRouter return, with the page already where it was awaited).
    /// </summary>
    public static Task AtAsync(IPage page, string pathAndQuery) => AtAsync(page, new Regex(Regex.Escape(pathAndQuery) + "$"));

    /// <inheritdoc cref="AtAsync(IPage, string)"/>
    public static Task AtAsync(IPage page, Regex address) => Assertions.Expect(page).ToHaveURLAsync(address, new() { Timeout = 30_000 });

    /// <summary>
    /// Waits for the current document's load event, for up to 30 s, asking again each second: a wait can miss the event
    /// (microsoft/playwright-dotnet#3364), but the state stays recorded, so the next ask sees it at once.
    /// </summary>
    public static async Task LoadedAsync(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 30)
            {
            }
        }
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}
