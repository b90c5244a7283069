using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Gateway.Accounts.Ledger;
using Gateway.WebConsole;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The Usage range and the Health page's last hour in a real browser: a week of usage (six days of ledger rows added
/// through the store, today's real traffic of two models, three owners, streams and a failover), the range form filled by its labels, the charts named for screen readers, the
/// hour table refreshing without a reload; screenshots <c>usage-range</c> and <c>health-hour</c> for the README.
/// </summary>
public sealed class ConsoleUsageBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task Admin_ChoosesARangeAndGrouping_ThenSeesTheLastHourRefresh()
    {
        // Real time (the latencies are real); the six days before today come from rows added through the store.
        var (gateway, store) = await ConsoleHealthStatsTests.StartAsync(_upstreams);
        await using var _ = store;
        await using var __ = gateway;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (from, to) = (UsageQuery.Day(today.AddDays(-6)), UsageQuery.Day(today));
        await gateway.Services.GetRequiredService<ILedgerStore>().AddAsync(Gateway.Contracts.RandomIds.New(), [.. Enumerable.Range(1, 6).SelectMany(ago => new[]
        {
            new LedgerRow(UsageQuery.Day(today.AddDays(-ago)), "k-alice-1", "alice", "a", "a-smart", 40 + (ago * 7 % 30), 12_000 + (ago * 1500), 4_000 + (ago * 900), 2_000, 31_000 + (ago * 4_100), ago % 3),
            new LedgerRow(UsageQuery.Day(today.AddDays(-ago)), "k-bob-1", "bob", "b", "b-fast", 20 + (ago * 5 % 17), 6_000 + (ago * 700), 2_000 + (ago * 300), 0, 9_000 + (ago * 1_300), 0),
        })], CancellationToken.None);
        await gateway.Client.SendAsync(HttpMethod.Put, "/admin/owners/alice/limits", StoreBackend.AdminKey, """{"usdPerDay":2,"tokensPerMonth":500000,"requestsPerMinute":60}""");
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(200, (await gateway.Client.ChatAsync(i % 2 == 0 ? StoreBackend.AliceKey : StoreBackend.BobKey, i % 3 == 0 ? "fast" : "smart")).Status);
            await StreamAsync(gateway.Client, StoreBackend.StaticKey);
        }

        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);

        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await page.GetByLabel("From (UTC day)").FillAsync(from);
        await page.GetByLabel("To (UTC day)").FillAsync(to);
        await page.GetByLabel("Group by").SelectOptionAsync("model");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show usage" }).ClickAsync();
        await ConsoleBrowser.AtAsync(page, $"/console/usage?from={from}&to={to}&group_by=model");
        await Expect(page.Locator("#usage-groups tbody tr")).ToHaveCountAsync(4);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Spend per day (USD)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Tokens per day (prompt and completion)" })).ToBeVisibleAsync();
        Assert.Equal(7, await page.Locator("#chart-tokens rect").CountAsync());
        await Expect(page.Locator("#usage-limits")).ToContainTextAsync("owner alice");
        await ConsoleBrowser.ShotAsync(page, "usage-range");

        await page.GetByLabel("From (UTC day)").FillAsync(UsageQuery.Day(today.AddDays(1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show usage" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is after");

        await page.GetByRole(AriaRole.Link, new() { Name = "Health" }).ClickAsync();
        var attempts = page.Locator("#health-hour tbody tr", new() { HasText = "b" }).Locator("td").Nth(0);
        await Expect(attempts).ToHaveTextAsync("1");
        await Expect(page.Locator("#health-hour tbody tr", new() { HasText = "b" }).Locator("td").Nth(8)).ToHaveTextAsync("1");
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        await Expect(attempts).ToHaveTextAsync("2", new() { Timeout = 10_000 });
        await ConsoleBrowser.ShotAsync(page, "health-hour");
        await page.Context.CloseAsync();
    }

    /// <summary>A streamed chat read to its end (its time to first token is measured).</summary>
    private static async Task StreamAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"smart","stream":true,"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await client.SendAsync(request);
        Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
