using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Playwright;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The Routing page in a real browser against a real gateway and FakeUpstream: each tier's strategy, and why the last
/// requests went where they went (a failover: the primary failed with its status, the standby served), the table
/// refreshing from <c>routing.json</c> without a reload; an owner's session gets neither the page nor its JSON.
/// Screenshot <c>routing-decisions</c>.
/// </summary>
public sealed class ConsoleRoutingBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task Admin_SeesEachTiersStrategy_AndWhyTheLastRequestsWentWhereTheyWent()
    {
        var (gateway, store) = await ConsoleHealthStatsTests.StartAsync(_upstreams);
        await using var _ = store;
        await using var __ = gateway;
        Assert.Equal("a", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);

        var page = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(page, gateway.Root, StoreBackend.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Routing" }).ClickAsync();
        await Expect(page.Locator("#strategy-smart")).ToContainTextAsync("Strategy: failover");
        await Expect(page.Locator("#strategy-smart")).ToContainTextAsync("failover (rotation): 2");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recent decisions" })).ToBeVisibleAsync();

        var rows = page.Locator("#routing-decisions tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var newest = rows.First.Locator("td");
        await Expect(newest.Nth(3)).ToHaveTextAsync("b"); // served by
        await Expect(newest.Nth(4)).ToHaveTextAsync("200, 2 attempts");
        await Expect(newest.Nth(5)).ToHaveTextAsync("a: failed (rank 1: HTTP 500) · b: served (rank 2 by failover)");
        await Expect(rows.Nth(1).Locator("td").Nth(5)).ToHaveTextAsync("a: served (rank 1 by failover) · b: not needed (rank 2)");

        // A new request appears without a reload, from routing.json.
        Assert.Equal("a", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "fast")).Provider);
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Expect(rows.First.Locator("td").Nth(1)).ToContainTextAsync("fast (tier:fast)");
        Assert.Equal("true", await page.Locator("#routing-updated").GetAttributeAsync("data-refreshed"));
        await ConsoleBrowser.ShotAsync(page, "routing-decisions");
        await page.Context.CloseAsync();

        // An owner's session: the page and its JSON are the admin's.
        var owner = await browser.OpenAsync();
        await ConsoleBrowser.SignInAsync(owner, gateway.Root, StoreBackend.AliceKey);
        var json = await owner.APIRequest.GetAsync(gateway.Root + "/console/routing.json");
        Assert.Equal(403, json.Status);
        Assert.DoesNotContain("decisions", await json.TextAsync(), StringComparison.Ordinal);
        await owner.Context.CloseAsync();
    }

    [Fact]
    public async Task RoutingJson_GivesTheRowsTheScriptShows()
    {
        var (gateway, store) = await ConsoleHealthStatsTests.StartAsync(_upstreams);
        await using var _ = store;
        await using var __ = gateway;
        Assert.Equal("a", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        using var client = ConsolePages.NewClient(gateway.Root);
        var session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);
        var (status, body) = await ConsolePages.GetAsync(client, "/console/routing.json", session);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        using var document = JsonDocument.Parse(body);
        var row = Assert.Single(document.RootElement.GetProperty("decisions").EnumerateArray()).EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Equal(7, row.Length);
        Assert.Equal(("smart (tier:smart)", "failover (rotation)", "a", "200"), (row[2], row[3], row[4], row[5]));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
