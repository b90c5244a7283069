using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Security;

/// <summary>A provider that cannot serve a request never ends it; a provider's broken key or redirect is its own failure; no attempt locks a provider out.</summary>
public sealed class ProviderRoutingTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private FakeUpstreamServer _claude = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _claude = await FakeUpstreamServer.StartAsync("claude");
    }

    public async Task DisposeAsync()
    {
        await _claude.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    private Dictionary<string, string?> Mixed(params (string, string)[] extra) => _upstreams.Environment(
        [("AI_ANTHROPIC_URL", _claude.Root), ("AI_ANTHROPIC_KEY", "sk-ant"), ("AI_ANTHROPIC_SMART", "claude-sonnet-4"), ("AI_ANTHROPIC_FAST", "claude-3-5-haiku"), .. extra]);

    [Fact]
    public async Task Embeddings_InAMixedSet_AreNeverSentToAnthropic_AndAlwaysServed()
    {
        await using var gateway = await GatewayHost.StartAsync(Mixed());

        for (var i = 0; i < 6; i++)
        {
            var response = await gateway.Client.PostAsync("/v1/embeddings", Json("""{"model":"fast","input":"hello"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("a", response.Header("x-gateway-provider"));
        }

        Assert.Equal(0, _claude.RequestCount);
    }

    [Fact]
    public async Task AudioParts_InAMixedSet_GoOnlyToProvidersThatTakeThem()
    {
        await using var gateway = await GatewayHost.StartAsync(Mixed());
        const string audio = """{"model":"smart","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""";

        for (var i = 0; i < 4; i++)
        {
            var response = await gateway.Client.PostAsync("/v1/chat/completions", Json(audio));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var pinned = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(audio) };
        pinned.Headers.Add("X-Gateway-Provider", "anthropic");
        var (refused, body) = await gateway.Client.ExchangeAsync(pinned);

        Assert.Equal(0, _claude.RequestCount);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("unsupported_by_provider", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal("anthropic", refused.Header("x-gateway-provider"));
    }

    [Fact]
    public async Task AnAttemptThatCannotBeSent_WhileHalfOpen_DoesNotLockTheProviderOut()
    {
        await using var gateway = await GatewayHost.StartAsync(Mixed(), new Dictionary<string, string?>
        {
            ["Gateway:Health:FailureThreshold"] = "1",
            ["Gateway:Health:OpenCooldownSeconds"] = "0.3",
            ["Gateway:Retry:SameProvider"] = "0", // the first request must fail (502) and open the circuit, not be retried
        });
        var health = gateway.Services.GetRequiredService<IHealthStore>();
        CircuitState Circuit() => health.Snapshot().Single(p => p.Provider == "anthropic").Circuit;
        _claude.Script(FakeResponse.WithStatus(500));

        Assert.Equal(HttpStatusCode.BadGateway, (await gateway.Client.SendAsync(Pinned("""{"model":"smart","messages":[{"role":"user","content":"Hi"}]}"""))).StatusCode);
        for (var i = 0; i < 200 && Circuit() != CircuitState.HalfOpen; i++)
        {
            await Task.Delay(10);
        }

        // While half-open, an attempt that cannot even be built (its input has no Anthropic form) holds the probe...
        var bad = await gateway.Client.SendAsync(Pinned("""{"model":"smart","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":null}}]}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // ...and must release it: the next request is the probe, it succeeds and closes the circuit.
        var good = await gateway.Client.SendAsync(Pinned("""{"model":"smart","messages":[{"role":"user","content":"Hi"}]}"""));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(CircuitState.Closed, Circuit());
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task RedirectsAndCredentialErrorsUpstream_FailOverToTheNextProvider(int status)
    {
        _claude.Script(FakeResponse.WithStatus(status));
        await using var gateway = await GatewayHost.StartAsync(Mixed(("AI_ROTATION", "failover"), ("AI_ANTHROPIC_PRIORITY", "1"), ("AI_A_PRIORITY", "2")));

        var response = await gateway.Client.PostAsync("/v1/chat/completions", Json("""{"model":"smart","messages":[{"role":"user","content":"Hi"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("a", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal(1, health(gateway).Snapshot().Single(p => p.Provider == "anthropic").Errors);
        Assert.Equal("", response.Header("Location"));

        static IHealthStore health(GatewayHost host) => host.Services.GetRequiredService<IHealthStore>();
    }

    [Fact]
    public async Task ProviderAtItsMaxInFlight_IsPassedOver_And503WhenNoneIsLeft()
    {
        var hold = new TaskCompletionSource();
        _upstreams["a"].Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_A_MAX_IN_FLIGHT", "1")));

        // The first stream occupies a's only slot until released.
        var first = await gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (second, body) = await gateway.Client.ExchangeAsync(Http.Chat());
        hold.SetResult();
        await first.Content.ReadAsStringAsync();
        var third = await gateway.Client.SendAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("providers_saturated", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal("1", second.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task ProviderAtItsMaxInFlight_FailsOverToTheNextCandidate()
    {
        var hold = new TaskCompletionSource();
        _claude.Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });
        await using var gateway = await GatewayHost.StartAsync(Mixed(("AI_ROTATION", "failover"), ("AI_ANTHROPIC_PRIORITY", "1"), ("AI_A_PRIORITY", "2"), ("AI_ANTHROPIC_MAX_IN_FLIGHT", "1")));

        var first = await gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        var second = await gateway.Client.SendAsync(Http.Chat());
        hold.SetResult();
        await first.Content.ReadAsStringAsync();

        Assert.Equal("anthropic", first.Header("x-gateway-provider"));
        Assert.Equal((HttpStatusCode.OK, "a"), (second.StatusCode, second.Header("x-gateway-provider")));
    }

    private static HttpRequestMessage Pinned(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(json) };
        request.Headers.Add("X-Gateway-Provider", "anthropic");
        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
