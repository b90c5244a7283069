using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The <c>cost</c> and <c>latency</c> strategies and the per-request <c>x-gateway-strategy</c> header, over real sockets:
/// FakeUpstream providers at different prices (cost multipliers on one priced model) and speeds (headers delays).
/// </summary>
// Alone: the latency strategy orders by the speeds it measures over real sockets (100 ms against 0 ms to a first token).
[Collection(AloneCollection.Name)]
public sealed class CostAndLatencyRoutingTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>Every provider serves the smart tier with gpt-4o-mini (a listed price); a costs x2, b x0.5, c x1.</summary>
    private Dictionary<string, string?> Priced(params (string Key, string Value)[] extra) => _upstreams.Environment([
        ("AI_A_SMART", "gpt-4o-mini"), ("AI_B_SMART", "gpt-4o-mini"), ("AI_C_SMART", "gpt-4o-mini"),
        ("AI_A_COST_MULTIPLIER", "2"), ("AI_B_COST_MULTIPLIER", "0.5"), ("AI_C_COST_MULTIPLIER", "1"), .. extra]);

    private static async Task<string> ServedByAsync(GatewayHost gateway, string? strategy = null, bool stream = false)
    {
        var request = Http.Chat(stream: stream);
        if (strategy is not null)
        {
            request.Headers.Add("x-gateway-strategy", strategy);
        }

        var (response, body) = await gateway.Client.ExchangeAsync(request);
        Assert.True(response.IsSuccessStatusCode, body);
        return response.Header("x-gateway-provider");
    }

    private static async Task<List<string>> ServedByAsync(GatewayHost gateway, int requests)
    {
        var providers = new List<string>(requests);
        for (var i = 0; i < requests; i++)
        {
            providers.Add(await ServedByAsync(gateway));
        }

        return providers;
    }

    /// <summary>Sends requests (at most <paramref name="limit"/>) until <paramref name="provider"/> served <paramref name="run"/> in a row.</summary>
    private static async Task<int> UntilRunAsync(GatewayHost gateway, string provider, int run, int limit)
    {
        var streak = 0;
        for (var sent = 1; sent <= limit; sent++)
        {
            streak = await ServedByAsync(gateway) == provider ? streak + 1 : 0;
            if (streak == run)
            {
                return sent;
            }
        }

        return -1;
    }

    [Fact]
    public async Task Cost_SendsToTheCheapestHealthy_AndMovesToTheNextCheapestWhenItFails()
    {
        await using var gateway = await GatewayHost.StartAsync(Priced(("AI_ROTATION", "cost")));

        Assert.All(await ServedByAsync(gateway, 10), p => Assert.Equal("b", p));

        _upstreams["b"].Default = FakeResponse.WithStatus(500);
        Assert.All(await ServedByAsync(gateway, 10), p => Assert.Equal("c", p));
        Assert.Equal(0, _upstreams["a"].RequestCount);

        _upstreams["c"].Default = FakeResponse.WithStatus(503);
        Assert.All(await ServedByAsync(gateway, 5), p => Assert.Equal("a", p));
    }

    [Fact]
    public async Task Latency_FollowsAProviderThatBecomesSlow_AndReturnsAfterItRecovers()
    {
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "latency"), ("AI_C_ENABLED", "false")),
            settings: new Dictionary<string, string?> { ["Gateway:Selection:LatencyExploration"] = "0.2" },
            random: new Random(2026));
        _upstreams["b"].Default = new FakeResponse { HeadersDelay = TimeSpan.FromMilliseconds(100) };

        // Both unmeasured at first (each tried once), then the fast one leads.
        var fast = await UntilRunAsync(gateway, "a", run: 4, limit: 30);
        Assert.InRange(fast, 4, 30);

        _upstreams["a"].Default = new FakeResponse { HeadersDelay = TimeSpan.FromMilliseconds(250) };
        var slow = await UntilRunAsync(gateway, "b", run: 4, limit: 30);
        Assert.InRange(slow, 4, 30);

        _upstreams["a"].Default = FakeResponse.Ok;
        var recovered = await UntilRunAsync(gateway, "a", run: 4, limit: 100);
        Assert.InRange(recovered, 4, 100);
    }

    [Fact]
    public async Task Latency_StreamsGoByTimeToFirstToken_NotByTheLengthOfTheStream()
    {
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "latency"), ("AI_C_ENABLED", "false")),
            settings: new Dictionary<string, string?> { ["Gateway:Selection:LatencyExploration"] = "0" });

        // a: first token at once, then two 120 ms gaps (about 240 ms in all); b: 100 ms before anything, then all at once.
        _upstreams["a"].Default = new FakeResponse { Chunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(120) };
        _upstreams["b"].Default = new FakeResponse { HeadersDelay = TimeSpan.FromMilliseconds(100) };

        // Each unmeasured provider is tried once, then the earliest first token leads every stream.
        Assert.Equal(["a", "b"], [await ServedByAsync(gateway, stream: true), await ServedByAsync(gateway, stream: true)]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("a", await ServedByAsync(gateway, stream: true));
        }

        Assert.Equal(5, _upstreams["a"].RequestCount);
        Assert.Equal(1, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task StrategyHeader_ChoosesTheStrategyOfOneRequest()
    {
        await using var gateway = await GatewayHost.StartAsync(Priced(("AI_ROTATION", "round-robin")));

        Assert.Equal(["a", "b", "c"], [await ServedByAsync(gateway), await ServedByAsync(gateway), await ServedByAsync(gateway)]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("b", await ServedByAsync(gateway, "cost"));
            Assert.Equal("b", await ServedByAsync(gateway, " COST "));
        }

        Assert.Equal("a", await ServedByAsync(gateway)); // the rotation carried on without the chosen requests
    }

    [Theory]
    [InlineData("cheapest")]
    [InlineData("round-robin-ish")]
    public async Task StrategyHeader_UnknownName_Is400InOpenAIShape_AndNothingIsSent(string name)
    {
        await using var gateway = await GatewayHost.StartAsync(Priced());
        var request = Http.Chat();
        request.Headers.Add("x-gateway-strategy", name);

        var (response, body) = await gateway.Client.ExchangeAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var error = Http.AssertOpenAIError(body);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("unknown_strategy", error.GetProperty("code").GetString());
        Assert.Contains("latency", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount + _upstreams["c"].RequestCount);
    }

    [Fact]
    public async Task UnknownRotation_StillFailsStartUp()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(Priced(("AI_ROTATION", "fastest"))));
        Assert.Contains("cost", error.Message, StringComparison.Ordinal);
    }
}
