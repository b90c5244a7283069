using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Per-key and per-tier strategies over real sockets: a key's default strategy applies to its requests, and a key that
/// may not choose is refused <c>x-gateway-strategy</c> (403, nothing sent); settings by key id reach any key; a tier's
/// own strategy applies when neither the request nor its key chose.
/// </summary>
public sealed class KeyStrategyTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>a costs x2, b x0.5, c x1 on one priced model; the rotation is round-robin.</summary>
    private Task<GatewayHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var configured = new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Key"] = "key-cheap",
            ["Gateway:ClientKeys:0:Strategy"] = "cost",
            ["Gateway:ClientKeys:0:ChooseStrategy"] = "false",
            ["Gateway:ClientKeys:1:Key"] = "key-free",
            ["Gateway:ClientKeys:2:Key"] = "key-by-id",
        };
        foreach (var (key, value) in settings)
        {
            configured[key] = value;
        }

        return GatewayHost.StartAsync(
            _upstreams.Environment(
                ("AI_A_SMART", "gpt-4o-mini"), ("AI_B_SMART", "gpt-4o-mini"), ("AI_C_SMART", "gpt-4o-mini"),
                ("AI_A_COST_MULTIPLIER", "2"), ("AI_B_COST_MULTIPLIER", "0.5"), ("AI_C_COST_MULTIPLIER", "1"), ("AI_ROTATION", "round-robin")),
            settings: configured);
    }

    private static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];

    private static async Task<(HttpResponseMessage Response, string Body)> ChatAsync(GatewayHost gateway, string key, string? strategy = null, string model = "smart")
    {
        var request = Http.Chat(model, bearer: null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (strategy is not null)
        {
            request.Headers.Add("x-gateway-strategy", strategy);
        }

        return await gateway.Client.ExchangeAsync(request);
    }

    private static async Task<string> ServedByAsync(GatewayHost gateway, string key, string? strategy = null, string model = "smart")
    {
        var (response, body) = await ChatAsync(gateway, key, strategy, model);
        Assert.True(response.IsSuccessStatusCode, body);
        return response.Header("x-gateway-provider");
    }

    [Fact]
    public async Task KeyDefault_Applies_AndAKeyThatMayNotChooseIsRefused403()
    {
        await using var gateway = await StartAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("b", await ServedByAsync(gateway, "key-cheap")); // its default: cost
        }

        var sent = _upstreams["a"].RequestCount + _upstreams["b"].RequestCount + _upstreams["c"].RequestCount;
        var (refused, body) = await ChatAsync(gateway, "key-cheap", "round-robin");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var error = Http.AssertOpenAIError(body);
        Assert.Equal(("permission_error", "strategy_not_allowed"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(sent, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount + _upstreams["c"].RequestCount);

        // Another key: the rotation, and it may choose.
        Assert.Equal(["a", "b", "c"], [await ServedByAsync(gateway, "key-free"), await ServedByAsync(gateway, "key-free"), await ServedByAsync(gateway, "key-free")]);
        Assert.Equal("b", await ServedByAsync(gateway, "key-free", "cost"));
    }

    [Fact]
    public async Task SettingsByKeyId_ReachAnyKey_AndTheGlobalSwitchRefusesChoosing()
    {
        await using var gateway = await StartAsync(
            ($"Gateway:Selection:Keys:{IdOf("key-by-id")}:Strategy", "cost"),
            ($"Gateway:Selection:Keys:{IdOf("key-by-id")}:ChooseStrategy", "true"),
            ("Gateway:Selection:ClientsMayChoose", "false"));

        Assert.Equal("b", await ServedByAsync(gateway, "key-by-id"));
        Assert.Equal("a", await ServedByAsync(gateway, "key-by-id", "failover")); // allowed by its own setting: a is first in configuration order
        var (refused, _) = await ChatAsync(gateway, "key-free", "cost");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownKeyStrategy_FailsStartUp_NamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(("Gateway:ClientKeys:0:Strategy", "cheapest")));
        Assert.Contains("cheapest", error.Message, StringComparison.Ordinal);
        Assert.Contains("Strategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TierStrategy_AppliesWhenNeitherTheRequestNorTheKeyChose_OtherTiersKeepTheRotation()
    {
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(
                ("AI_A_SMART", "gpt-4o-mini"), ("AI_B_SMART", "gpt-4o-mini"), ("AI_C_SMART", "gpt-4o-mini"),
                ("AI_A_FAST", "gpt-4o-mini"), ("AI_B_FAST", "gpt-4o-mini"), ("AI_C_FAST", "gpt-4o-mini"),
                ("AI_A_COST_MULTIPLIER", "2"), ("AI_B_COST_MULTIPLIER", "0.5"), ("AI_C_COST_MULTIPLIER", "1"), ("AI_ROTATION", "round-robin"),
                ("AI_ADMIN_KEY", "admin-secret-for-the-tier-strategy-test")),
            settings: new Dictionary<string, string?>
            {
                ["Gateway:ClientKeys:0:Key"] = "key-free",
                ["Gateway:ClientKeys:1:Key"] = "key-failover",
                ["Gateway:ClientKeys:1:Strategy"] = "failover",
                ["Gateway:Selection:Tiers:smart"] = "cost",
            });
        var decisions = gateway.Services.GetRequiredService<Gateway.Selection.RecentDecisions>();

        // smart: its own strategy (the cheapest, b, every time), said as such in the routing decision.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("b", await ServedByAsync(gateway, "key-free"));
        }

        Assert.Equal(("cost", "tier"), (decisions.Newest()[0].Strategy, decisions.Newest()[0].StrategySource));

        // fast: no strategy of its own, so the rotation.
        Assert.Equal(["a", "b", "c"], [await ServedByAsync(gateway, "key-free", model: "fast"), await ServedByAsync(gateway, "key-free", model: "fast"), await ServedByAsync(gateway, "key-free", model: "fast")]);
        Assert.Equal(("round-robin", "rotation"), (decisions.Newest()[0].Strategy, decisions.Newest()[0].StrategySource));

        // The request's choice and the key's default come before the tier's.
        Assert.Equal("a", await ServedByAsync(gateway, "key-free", "failover"));
        Assert.Equal("request", decisions.Newest()[0].StrategySource);
        Assert.Equal("a", await ServedByAsync(gateway, "key-failover"));
        Assert.Equal("key", decisions.Newest()[0].StrategySource);

        // /admin/routing names each tier's strategy and where it comes from.
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/routing");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin-secret-for-the-tier-strategy-test");
        var (routing, json) = await gateway.Client.ExchangeAsync(admin);
        Assert.True(routing.IsSuccessStatusCode, json);
        var tiers = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("tiers").EnumerateArray()
            .ToDictionary(t => t.GetProperty("tier").GetString()!, t => (t.GetProperty("strategy").GetString(), t.GetProperty("strategy_source").GetString()));
        Assert.Equal(("cost", "tier"), tiers["smart"]);
        Assert.Equal(("round-robin", "rotation"), tiers["fast"]);
    }

    [Theory]
    [InlineData("smart", "cheapest", "cheapest")]
    [InlineData("slow", "cost", "unknown tier")]
    public async Task UnknownTierOrStrategy_FailsStartUp_NamingTheSetting(string tier, string strategy, string said)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(($"Gateway:Selection:Tiers:{tier}", strategy)));
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Contains("Tiers", error.Message, StringComparison.Ordinal);
    }
}
