using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// Retries on the same provider before failing over: with a single provider a 429 with a short Retry-After is waited
/// out (on the gateway's clock) and a single 500 is retried, where both used to fail the request; with another
/// candidate ready, the request still fails over at once; a long Retry-After is never waited out.
/// </summary>
public sealed class SameProviderRetryTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartAsync(TimeProvider? time, bool withB, params (string, string)[] extra) =>
        GatewayHost.StartAsync(
            _upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), .. withB ? [] : new[] { ("AI_B_ENABLED", "false") }, .. extra]),
            new Dictionary<string, string?> { ["Gateway:Retry:DelaySeconds"] = "0.001" },
            time: time);

    [Fact]
    public async Task SingleProvider_429WithRetryAfter2_IsWaitedOutOnTheClock_AndServed()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        _upstreams["a"].Script(FakeResponse.WithStatus(429, "2"));
        await using var gateway = await StartAsync(clock, withB: false);

        var exchange = gateway.Client.ExchangeAsync(Http.Chat());
        for (var i = 0; i < 300 && _upstreams["a"].RequestCount < 1; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.False(exchange.IsCompleted); // waiting for Retry-After on the gateway's clock, not the wall clock
        clock.Advance(TimeSpan.FromSeconds(2));
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        Assert.Equal(("a", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal(2, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    public async Task SingleProvider_OneServerError_IsRetried_AndServed(int status)
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(status));
        await using var gateway = await StartAsync(time: null, withB: false);

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.Equal(2, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task SingleProvider_TwoServerErrors_RetriedOnceOnly_Then502()
    {
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await StartAsync(time: null, withB: false);

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(2, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task SingleProvider_RetryAfterBeyondTheBound_IsNotWaitedOut()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(429, "30"));
        await using var gateway = await StartAsync(time: null, withB: false);

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task AnotherCandidateReady_FailsOverAtOnce_WithoutRetryingTheSameProvider()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        await using var gateway = await StartAsync(time: null, withB: true);

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal("b", response.Header("x-gateway-provider"));
        Assert.Equal((1, 1), (_upstreams["a"].RequestCount, _upstreams["b"].RequestCount));
    }

    [Fact]
    public async Task PreferSameProvider_RetriesTheSameProviderFirst_EvenWithAnotherReady()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")]),
            new Dictionary<string, string?> { ["Gateway:Retry:DelaySeconds"] = "0.001", ["Gateway:Retry:PreferSameProvider"] = "true" });

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal("a", response.Header("x-gateway-provider"));
        Assert.Equal((2, 0), (_upstreams["a"].RequestCount, _upstreams["b"].RequestCount));
    }
}
