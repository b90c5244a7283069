using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using static Gateway.IntegrationTests.Console.ConsolePages;

namespace Gateway.IntegrationTests.Console;

/// <summary>
/// The Health page's last hour on this replica, on a real gateway with two FakeUpstreams in failover order and a manual
/// clock: a 500 from the first moves one request to the second (a failover), the success rate and percentiles follow,
/// the JSON the page refreshes from says the same, and an hour later the window is empty.
/// </summary>
public sealed class ConsoleHealthStatsTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    internal static async Task<(GatewayHost Gateway, StoreBackend Store)> StartAsync(Upstreams upstreams, TimeProvider? time = null)
    {
        var store = await StoreBackend.CreateAsync("sqlite", null!);
        var environment = StoreBackend.Environment();
        foreach (var (key, value) in upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")))
        {
            environment[key] = value;
        }

        return (await GatewayHost.StartAsync(environment, store.Settings(), time: time), store);
    }

    [Fact]
    public async Task LastHour_AFailover_ShowsPercentilesSuccessRateAndFailovers_ThenExpires()
    {
        var clock = new ManualClock();
        var (gateway, store) = await StartAsync(_upstreams, clock);
        await using var _ = store;
        await using var __ = gateway;
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        Assert.Equal("a", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        Assert.Equal("a", (await gateway.Client.ChatAsync(StoreBackend.StaticKey, "smart")).Provider);
        using var client = NewClient(gateway.Root);
        var session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);

        var (status, html) = await GetAsync(client, "/console/health", session);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("This replica, last hour", html, StringComparison.Ordinal);
        var rows = Rows(html, "health-hour");
        Assert.Equal(["a", "b"], rows.Keys);
        Assert.Equal(("3", "66.7 %", "0"), (rows["a"][0], rows["a"][1], rows["a"][8]));
        Assert.Equal(("1", "100.0 %", "1"), (rows["b"][0], rows["b"][1], rows["b"][8]));
        Assert.All(rows["a"][2..5], cell => Assert.EndsWith(" ms", cell, StringComparison.Ordinal));

        var json = await JsonAsync(client, session);
        Assert.Equal(rows["b"], json.Single(r => r[0] == "b")[1..]);

        // The session would idle out over an hour: sign in again on the moved clock.
        clock.Advance(TimeSpan.FromMinutes(61));
        session = await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey);
        Assert.Empty(await JsonAsync(client, session));
        Assert.Empty(Rows((await GetAsync(client, "/console/health", session)).Html, "health-hour"));
    }

    [Fact]
    public async Task LastHour_AnOwnersSession_SeesNoProviderOutsideItsScope()
    {
        var (gateway, store) = await StartAsync(_upstreams);
        await using var _ = store;
        await using var __ = gateway;
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey, "smart")).Status);
        using var client = NewClient(gateway.Root);

        Assert.Single(await JsonAsync(client, await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AdminKey)));
        Assert.Empty(await JsonAsync(client, await ConsoleSecurityTests.SignInAsync(client, StoreBackend.AliceKey)));
    }

    private static async Task<List<string[]>> JsonAsync(HttpClient client, string session)
    {
        var (status, body) = await GetAsync(client, "/console/health.json?window=hour", session);
        Assert.Equal(HttpStatusCode.OK, status);
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("providers").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())];
    }
}
