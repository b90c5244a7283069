using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// The timeouts on a manual clock, no sleeps: headers, first token and idle per attempt, and the total deadline across
/// all attempts of a request. Provider "a" is primary, "b" second, "c" third. A timer is armed before the upstream sees
/// the request, so once a fake has counted it, advancing the clock is never too early.
/// </summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) => StartGatewayAsync(new Dictionary<string, string?>(), extra);

    /// <param name="settings">Configuration keys: the gateway-wide timeouts (<c>Gateway:Timeouts:*</c>) have no AI_* variable.</param>
    /// <param name="extra">AI_* variables.</param>
    private Task<GatewayHost> StartGatewayAsync(Dictionary<string, string?> settings, params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_C_PRIORITY", "3"), .. extra]), settings, time: _clock);

    private static Dictionary<string, string?> Timeouts(params (string Key, string Seconds)[] timeouts) =>
        timeouts.ToDictionary(t => $"Gateway:Timeouts:{t.Key}", t => (string?)t.Seconds);

    [Fact]
    public async Task TotalDeadline_AcrossAttempts_Ends504WithNoFurtherAttempt()
    {
        // a stalls before its headers, b after its role chunk (before the first token); c would answer at once.
        _upstreams["a"].Script(new FakeResponse { HeadersDelay = TimeSpan.FromHours(1) });
        _upstreams["b"].Script(FakeResponse.WithFault(FakeFault.StallBeforeFirstToken));
        await using var gateway = await StartGatewayAsync(Timeouts(("TotalSeconds", "90"), ("FirstTokenSeconds", "60")));

        var exchange = gateway.Client.ExchangeAsync(Http.Chat(stream: true));
        await UntilAsync(() => _upstreams["a"].RequestCount == 1, exchange);
        _clock.Advance(TimeSpan.FromSeconds(61));
        await UntilAsync(() => _upstreams["b"].RequestCount == 1, exchange);
        Assert.False(exchange.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var (response, body) = await exchange;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("2", response.Header("x-gateway-attempts"));
        var error = Http.AssertOpenAIError(body);
        Assert.Equal("request_timeout", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("a (timed out waiting for the first token)", message, StringComparison.Ordinal);
        Assert.Contains("b (total timeout)", message, StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["c"].RequestCount);
        await UntilAsync(() => _upstreams["b"].AbortedCount == 1, Task.Delay(Timeout.Infinite));
    }

    [Fact]
    public async Task TotalDeadline_MidStream_EndsTheStreamWithAnErrorEvent()
    {
        _upstreams["a"].Script(new FakeResponse { Fault = FakeFault.StallAfterChunks, BreakAfterChunks = 1, Chunks = 3 });
        await using var gateway = await StartGatewayAsync(Timeouts(("TotalSeconds", "90"), ("IdleSeconds", "120")));

        using var response = await SendStreamAsync(gateway);
        var reading = response.Content.ReadAsStringAsync();
        var body = await AdvanceUntilAsync(reading, TimeSpan.FromSeconds(91));

        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.Contains("total timeout", body, StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task HeadersTimeout_FailsOverWhenTheClockPassesIt()
    {
        _upstreams["a"].Script(new FakeResponse { HeadersDelay = TimeSpan.FromHours(1) });
        await using var gateway = await StartGatewayAsync(("AI_A_HEADERS_TIMEOUT", "5"));

        var exchange = gateway.Client.ExchangeAsync(Http.Chat());
        await UntilAsync(() => _upstreams["a"].RequestCount == 1, exchange);
        Assert.False(exchange.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var (response, body) = await exchange;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("timed out waiting for response headers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirstTokenTimeout_FailsOverToOneCleanStream()
    {
        _upstreams["a"].Script(FakeResponse.WithFault(FakeFault.StallBeforeFirstToken));
        await using var gateway = await StartGatewayAsync(("AI_A_FIRST_TOKEN_TIMEOUT", "10"));

        var exchange = gateway.Client.ExchangeAsync(Http.Chat(stream: true));
        await UntilAsync(() => _upstreams["a"].RequestCount == 1, exchange);
        _clock.Advance(TimeSpan.FromSeconds(11));
        var (response, body) = await exchange;

        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.DoesNotContain("error", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("timed out waiting for the first token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdleTimeout_AfterTheFirstToken_EndsTheStreamWithAnErrorEvent()
    {
        _upstreams["a"].Script(new FakeResponse { Fault = FakeFault.StallAfterChunks, BreakAfterChunks = 1, Chunks = 3 });
        await using var gateway = await StartGatewayAsync(("AI_A_IDLE_TIMEOUT", "5"));

        using var response = await SendStreamAsync(gateway);
        var body = await AdvanceUntilAsync(response.Content.ReadAsStringAsync(), TimeSpan.FromSeconds(6));

        Assert.Equal("a", response.Header("x-gateway-provider"));
        Assert.Contains("stream idle too long", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    private static Task<HttpResponseMessage> SendStreamAsync(GatewayHost gateway) =>
        gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);

    /// <summary>
    /// After the first token the gateway arms the idle timer only once it has flushed what it held, which the client
    /// cannot observe: advance by <paramref name="step"/> until the body ends (the first step past the timer ends it).
    /// </summary>
    private async Task<string> AdvanceUntilAsync(Task<string> reading, TimeSpan step)
    {
        for (var i = 0; i < 200 && !reading.IsCompleted; i++)
        {
            _clock.Advance(step);
            await Task.WhenAny(reading, Task.Delay(25));
        }

        return await reading;
    }

    /// <summary>Polls a condition the gateway reaches by itself (an upstream counting a request); fails fast if the exchange ended first.</summary>
    private static async Task UntilAsync(Func<bool> condition, Task exchange)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            Assert.False(exchange.IsCompleted, "the request ended before the expected upstream call");
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
