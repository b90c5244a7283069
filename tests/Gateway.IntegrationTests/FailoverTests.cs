using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests;

/// <summary>
/// Failover under the streaming contract: every fault before the first token moves to the next provider
/// invisibly; after the first token the stream ends with an error event. Provider "a" is primary, "b" second.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), .. extra]));

    public static TheoryData<int, string?> RetryableStatuses => new() { { 500, null }, { 502, null }, { 503, null }, { 429, "1" }, { 503, "1" } };

    [Theory]
    [MemberData(nameof(RetryableStatuses))]
    public async Task Status_FromPrimary_FailsOverToSecondary(int status, string? retryAfter)
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(status, retryAfter));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
        Assert.Equal(("b", "b-smart", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model"), response.Header("x-gateway-attempts")));
        Assert.Equal((1, 1), (_upstreams["a"].RequestCount, _upstreams["b"].RequestCount));
    }

    [Fact]
    public async Task RetryAfter_KeepsTheProviderAwayForThatLong()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(429, "30"));
        await using var gateway = await StartGatewayAsync();

        await gateway.Client.ExchangeAsync(Http.Chat());
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());
            Assert.Equal(("b", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        }

        Assert.Equal(1, _upstreams["a"].RequestCount);
        var a = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "a");
        Assert.NotNull(a.CoolingUntil);
    }

    [Fact]
    public async Task ConnectionRefused_FailsOver()
    {
        await using var gateway = await StartGatewayAsync(("AI_A_URL", Upstreams.ClosedPortUrl()));

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppedConnection_FailsOver()
    {
        _upstreams["a"].Script(FakeResponse.WithFault(FakeFault.DropConnection));
        await using var gateway = await StartGatewayAsync();

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
    }

    [Fact]
    public async Task HeadersTimeout_FailsOver()
    {
        _upstreams["a"].Script(new FakeResponse { HeadersDelay = TimeSpan.FromSeconds(10) });
        await using var gateway = await StartGatewayAsync(("AI_A_HEADERS_TIMEOUT", "0.3"));

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("timed out waiting for response headers", StringComparison.Ordinal));
    }

    public static TheoryData<string> FaultsBeforeFirstToken => new()
    {
        nameof(FakeFault.ErrorEventBeforeFirstToken),
        nameof(FakeFault.StallBeforeFirstToken),
        nameof(FakeFault.CloseBeforeFirstToken),
        nameof(FakeFault.DropConnection),
    };

    [Theory]
    [MemberData(nameof(FaultsBeforeFirstToken))]
    public async Task StreamFault_BeforeFirstToken_ClientSeesOneCleanStreamFromTheSecondary(string fault)
    {
        _upstreams["a"].Script(FakeResponse.WithFault(Enum.Parse<FakeFault>(fault)));
        await using var gateway = await StartGatewayAsync(("AI_A_FIRST_TOKEN_TIMEOUT", "0.5"));

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.DoesNotContain("alpha", body, StringComparison.Ordinal);
        Assert.DoesNotContain("error", body, StringComparison.Ordinal);
        Assert.Equal(1, CountOccurrences(body, "\"role\":\"assistant\""));
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(FakeFault.BreakAfterChunks), "stream interrupted")]
    [InlineData(nameof(FakeFault.StallAfterChunks), "stream idle too long")]
    public async Task StreamFault_AfterFirstToken_EndsWithAnErrorEventAndNoSwitch(string fault, string reason)
    {
        _upstreams["a"].Script(new FakeResponse { Fault = Enum.Parse<FakeFault>(fault), BreakAfterChunks = 1, Chunks = 3 });
        await using var gateway = await StartGatewayAsync(("AI_A_IDLE_TIMEOUT", "0.5"));

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("token1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        var lastEvent = body.TrimEnd().Split("\n\n").Last();
        Assert.StartsWith("data: {\"error\":", lastEvent, StringComparison.Ordinal);
        var error = Http.AssertOpenAIError(lastEvent["data: ".Length..]);
        Assert.Equal("stream_interrupted", error.GetProperty("code").GetString());
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
        var a = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "a");
        Assert.Equal(1, a.Errors);
    }

    [Fact]
    public async Task ClientError_IsReturnedAsItIs_WithTheProviderNamed()
    {
        _upstreams["a"].Script(new FakeResponse { Status = 400, ErrorCode = "context_length_exceeded" });
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("a", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal("context_length_exceeded", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task EveryProviderFailing_Is502NamingTheProvidersTried()
    {
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        _upstreams["b"].Default = FakeResponse.WithStatus(503);
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        // a, b, and b once more: with no other candidate left, the last one gets its one same-provider retry.
        Assert.Equal("3", response.Header("x-gateway-attempts"));
        var message = Http.AssertOpenAIError(body).GetProperty("message").GetString()!;
        Assert.StartsWith("Request failed after all retry attempts", message, StringComparison.Ordinal);
        Assert.Contains("a (HTTP 500)", message, StringComparison.Ordinal);
        Assert.Contains("b (HTTP 503)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProviderRateLimited_Is429WithTheSoonestRetryAfter()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(429, "20"));
        _upstreams["b"].Script(FakeResponse.WithStatus(429, "7"));
        await using var gateway = await StartGatewayAsync();

        var (first, body) = await gateway.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("7", first.Header("Retry-After"));
        Assert.Equal("rate_limit_exceeded", Http.AssertOpenAIError(body).GetProperty("code").GetString());

        // Both cool down now: the gateway answers by itself instead of hammering them.
        var (second, _) = await gateway.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(int.Parse(second.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture), 1, 7);
        Assert.Equal((1, 1), (_upstreams["a"].RequestCount, _upstreams["b"].RequestCount));
    }

    [Fact]
    public async Task RetryDisabled_MakesOneAttempt()
    {
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await StartGatewayAsync(("AI_RETRY_FAILED", "false"));

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal((1, 0), (_upstreams["a"].RequestCount, _upstreams["b"].RequestCount));
    }

    [Fact]
    public async Task MaxRetries_BoundsTheAttempts()
    {
        await using var third = await FakeUpstreamServer.StartAsync("c");
        _upstreams["a"].Default = FakeResponse.WithStatus(500);
        _upstreams["b"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await StartGatewayAsync(("AI_MAX_RETRIES", "1"), ("AI_C_URL", third.BaseUrl), ("AI_C_SMART", "c-smart"), ("AI_C_PRIORITY", "3"));

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("2", response.Header("x-gateway-attempts"));
        Assert.Equal(0, third.RequestCount);
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheUpstreamAndIsNoProviderFailure()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 100, ChunkDelay = TimeSpan.FromMilliseconds(50) };
        await using var gateway = await StartGatewayAsync();

        using (var response = await gateway.Client.SendAsync(Http.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1024];
            Assert.True(await stream.ReadAsync(buffer) > 0);
        }

        // The gateway must drop the upstream request promptly once the client is gone.
        for (var i = 0; i < 100 && _upstreams["a"].AbortedCount == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, _upstreams["a"].AbortedCount);
        var a = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "a");
        Assert.Equal((0, 0.0), (a.Errors, a.DecayedFailures));
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
