using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests;

/// <summary>Strategy distributions and the circuit breaker, observed through real requests.</summary>
public sealed class SelectionTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private static async Task<List<string>> ProvidersOfAsync(GatewayHost gateway, int requests, string model = "smart")
    {
        var providers = new List<string>(requests);
        for (var i = 0; i < requests; i++)
        {
            var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat(model));
            Assert.True(response.IsSuccessStatusCode);
            providers.Add(response.Header("x-gateway-provider"));
        }

        return providers;
    }

    [Fact]
    public async Task RoundRobin_OverThreeProviders_IsExact()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_ROTATION", "round-robin")));

        var providers = await ProvidersOfAsync(gateway, 30);

        Assert.Equal(Enumerable.Repeat(new[] { "a", "b", "c" }, 10).SelectMany(x => x), providers);
        Assert.Equal([10, 10, 10], new[] { "a", "b", "c" }.Select(n => _upstreams[n].RequestCount));
    }

    [Fact]
    public async Task Weighted_ThreeToOne_OverTwoThousandRequests()
    {
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "weighted"), ("AI_A_WEIGHT", "3"), ("AI_B_WEIGHT", "1"), ("AI_C_ENABLED", "false")),
            random: new Random(2026));

        var providers = await ProvidersOfAsync(gateway, 2000);

        var share = providers.Count(p => p == "a") / 2000.0;
        Assert.InRange(share, 0.72, 0.78);
        Assert.Equal(2000, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task Failover_SendsEverythingToThePrimary_ThenInPriorityOrder()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(
            ("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "3"), ("AI_B_PRIORITY", "1"), ("AI_C_PRIORITY", "2")));

        Assert.All(await ProvidersOfAsync(gateway, 10), p => Assert.Equal("b", p));

        _upstreams["b"].Script(FakeResponse.WithStatus(500));
        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(("c", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("random")]
    [InlineData("weighted")]
    [InlineData("failover")]
    public async Task DisabledProvider_NeverReceivesARequest(string rotation)
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_ROTATION", rotation), ("AI_B_ENABLED", "false"), ("AI_B_PRIORITY", "0")));

        var providers = await ProvidersOfAsync(gateway, 40);
        providers.AddRange(await ProvidersOfAsync(gateway, 10, "some-model"));
        var (pinned, _) = await gateway.Client.ExchangeAsync(Http.Chat(provider: "b"));

        Assert.DoesNotContain("b", providers);
        Assert.Equal(0, _upstreams["b"].RequestCount);
        Assert.Equal(404, (int)pinned.StatusCode);
    }

    [Fact]
    public async Task Circuit_Opens_CoolsDown_HalfOpens_AndCloses()
    {
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_C_ENABLED", "false")),
            new Dictionary<string, string?> { ["Gateway:Health:FailureThreshold"] = "3", ["Gateway:Health:OpenCooldownSeconds"] = "0.5" });
        var health = gateway.Services.GetRequiredService<IHealthStore>();
        CircuitState CircuitOfA() => health.Snapshot().Single(s => s.Provider == "a").Circuit;

        // Three failures open the circuit; afterwards "a" is skipped without being called.
        Assert.All(await ProvidersOfAsync(gateway, 6), p => Assert.Equal("b", p));
        Assert.Equal(3, _upstreams["a"].RequestCount);
        Assert.Equal(CircuitState.Open, CircuitOfA());

        // After the cooldown one probe goes through; it fails, so the circuit reopens for longer (1 s).
        await Eventually.TrueAsync(() => CircuitOfA() == CircuitState.HalfOpen);
        Assert.All(await ProvidersOfAsync(gateway, 3), p => Assert.Equal("b", p));
        Assert.Equal(4, _upstreams["a"].RequestCount);
        Assert.Equal(CircuitState.Open, CircuitOfA());

        // The provider recovers: the next probe succeeds and closes the circuit.
        _upstreams["a"].Default = FakeResponse.Ok;
        await Eventually.TrueAsync(() => CircuitOfA() == CircuitState.HalfOpen);
        Assert.All(await ProvidersOfAsync(gateway, 3), p => Assert.Equal("a", p));
        Assert.Equal(CircuitState.Closed, CircuitOfA());
    }
}
