using System.Net;
using Gateway.Accounts.Ledger;
using Gateway.IntegrationTests.Accounts;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.IntegrationTests.Console.ConsolePages;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The Usage page over a range, on a real gateway whose manual clock moves a day between requests: the ledger's rows
/// of two days grouped by day, model, key and owner; an owner's session sees only its owner's rows; a bad range or
/// grouping is a 400 with a message, never a 500.
/// </summary>
public sealed class ConsoleUsageTests : IAsyncLifetime
{
    private FakeUpstreamServer _alpha = null!;

    public async Task InitializeAsync() => _alpha = await FakeUpstreamServer.StartAsync("alpha");

    public async Task DisposeAsync() => await _alpha.DisposeAsync();

    /// <summary>Day 1 (2026-01-01): alice twice, bob once. Day 2: alice once, the ownerless key (owner <c>static</c>) once.</summary>
    private async Task<(GatewayHost Gateway, StoreBackend Store, ManualClock Clock)> StartWithTwoDaysAsync()
    {
        var clock = new ManualClock();
        var (gateway, store) = await ConsoleGateway.StartAsync(clock);
        var (created, _) = await gateway.Client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(_alpha));
        Assert.Equal(201, created);
        foreach (var key in new[] { StoreBackend.AliceKey, StoreBackend.AliceKey, StoreBackend.BobKey })
        {
            Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart")).Status);
        }

        // Day 1's rows go to the store (read back through its query), day 2's stay in the replica's unwritten batch.
        await gateway.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1));
        foreach (var key in new[] { StoreBackend.AliceKey, StoreBackend.StaticKey })
        {
            Assert.Equal(200, (await gateway.Client.ChatAsync(key, "smart")).Status);
        }

        return (gateway, store, clock);
    }

    [Fact]
    public async Task Admin_RangeOfTwoDays_GroupsByDayModelKeyAndOwner()
    {
        var (gateway, store, _) = await StartWithTwoDaysAsync();
        await using var _ = store;
        await using var __ = gateway;
        using var client = NewClient(gateway.Root);
        var session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);

        var (status, html) = await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=day", session);
        Assert.Equal(HttpStatusCode.OK, status);
        var days = Rows(html, "usage-groups");
        Assert.Equal(["2026-01-01", "2026-01-02"], days.Keys);
        Assert.Equal(("3", "2"), (days["2026-01-01"][0], days["2026-01-02"][0]));
        Assert.True(long.Parse(days["2026-01-01"][1], System.Globalization.CultureInfo.InvariantCulture) > 0, "prompt tokens of day 1");
        Assert.Contains("<svg id=\"chart-spend\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-tokens-title\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>2026-01-02: ", html, StringComparison.Ordinal);
        Assert.Equal("5", Assert.Single(Rows(html, "usage")).Value[1]);

        var models = Rows((await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=model", session)).Html, "usage-groups");
        Assert.Equal("5", Assert.Single(models, m => m.Key == "alpha-smart").Value[0]);

        var keys = Rows((await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=key", session)).Html, "usage-groups");
        Assert.Equal(3, keys.Count);
        Assert.Equal([1, 1, 3], keys.Values.Select(v => int.Parse(v[0], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.DoesNotContain(keys.Keys, k => k.Contains("client-key", StringComparison.Ordinal));

        var owners = Rows((await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=owner", session)).Html, "usage-groups");
        Assert.Equal(new Dictionary<string, string> { ["alice"] = "3", ["bob"] = "1", ["static"] = "1" }, owners.ToDictionary(o => o.Key, o => o.Value[0]));

        // One day only, and the default range (the last 7 days, today being day 2) holds both.
        Assert.Equal(["2026-01-02"], Rows((await GetAsync(client, "/console/usage?from=2026-01-02&to=2026-01-02", session)).Html, "usage-groups").Keys);
        Assert.Equal(2, Rows((await GetAsync(client, "/console/usage", session)).Html, "usage-groups").Count);
    }

    [Fact]
    public async Task Owner_SeesOnlyItsOwnersRows_AndItsLimitsCurrentPeriod()
    {
        var (gateway, store, _) = await StartWithTwoDaysAsync();
        await using var _ = store;
        await using var __ = gateway;
        var (put, _) = await gateway.Client.SendAsync(HttpMethod.Put, "/admin/owners/alice/limits", StoreBackend.AdminKey, """{"usdPerDay":5,"tokensPerMonth":100000,"requestsPerMinute":60}""");
        Assert.Equal(200, put);

        // A managed key of alice's with its own limit (room for a request that reserves its model's most output), used once today; and one of bob's, whose limit alice must not see.
        var (aliceKeyId, aliceKey) = await gateway.Client.CreateKeyAsync("alice", ""","limits":{"tokensPerDay":90000}""");
        await gateway.Client.CreateKeyAsync("bob", ""","limits":{"tokensPerDay":7000}""");
        Assert.Equal(200, (await gateway.Client.ChatAsync(aliceKey, "smart")).Status);
        using var client = NewClient(gateway.Root);
        var session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AliceKey);

        var (status, html) = await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=owner", session);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["alice"], Rows(html, "usage-groups").Keys);
        Assert.Equal("4", Rows(html, "usage-groups")["alice"][0]);
        Assert.DoesNotContain("bob", html, StringComparison.Ordinal);
        var byKey = Rows((await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=key", session)).Html, "usage-groups");
        Assert.Equal(2, byKey.Count);
        Assert.Equal("1", byKey[$"{aliceKeyId} <small>test (alice)</small>"][0]);
        var byDay = Rows((await GetAsync(client, "/console/usage?from=2026-01-01&to=2026-01-02&group_by=day", session)).Html, "usage-groups");
        Assert.Equal(("2", "2"), (byDay["2026-01-01"][0], byDay["2026-01-02"][0]));

        // Alice's three limits and her key's one, nobody else's; today (day 2) she spent two requests' cost of her $5.
        Assert.Equal(["owner alice", "key test (alice)"], Rows(html, "usage-limits").Keys);
        Assert.Equal(3, html.Split("<th scope=\"row\">owner alice</th>").Length - 1);
        Assert.Matches("<th scope=\"row\">key test \\(alice\\)</th><td>tokens_day</td><td>today</td><td>90000</td><td>[1-9]\\d*</td>", html);
        Assert.Contains("<td>tokens_month</td><td>this month</td><td>100000</td>", html, StringComparison.Ordinal);
        // This minute's requests from the limiter's counter: the one chat request made after the limit was set.
        Assert.Contains("<td>rpm</td><td>this minute</td><td>60</td><td>1</td><td>59</td>", html, StringComparison.Ordinal);
        Assert.Matches("<td>usd_day</td><td>today</td><td>\\$5\\.000000</td><td>\\$0\\.0\\d+</td><td>\\$4\\.9\\d+</td><td>2026-01-03 00:00</td>", html);
    }

    [Theory]
    [InlineData("from=2026-01-05&to=2026-01-01", "is after")]
    [InlineData("from=01/01/2026", "must be a UTC day")]
    [InlineData("to=2026-02-30", "must be a UTC day")]
    [InlineData("from=2025-01-01&to=2026-01-02", "at most 366")]
    [InlineData("group_by=request_body", "Unknown grouping")]
    public async Task BadInput_Is400WithAMessageOnThePage(string query, string message)
    {
        var (gateway, store) = await ConsoleGateway.StartAsync(new ManualClock());
        await using var _ = store;
        await using var __ = gateway;
        using var client = NewClient(gateway.Root);
        var session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);

        var (status, html) = await GetAsync(client, "/console/usage?" + query, session);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"usage-from\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table id=\"usage-groups\"", html, StringComparison.Ordinal);
    }
}
