using System.Globalization;
using System.Net;
using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// Hedged first tokens over real sockets, on the gateway's manual clock: a primary that has not produced its first
/// token after the hedge delay (5 s here; it would have taken 20 s or more) gets a hedge on the next candidate; the
/// first to produce a token answers, the other is cancelled (its FakeUpstream sees the client leave), and each is
/// billed what it produced. With hedging off nothing changes: the request waits for the slow first token.
/// </summary>
public sealed class HedgingTests : IAsyncLifetime
{
    private static readonly TimeSpan HedgeDelay = TimeSpan.FromSeconds(5);

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private Upstreams _upstreams = null!;
    private string _data = "";

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("alpha", "beta");
        _data = Path.Combine(Directory.CreateTempSubdirectory("gateway-hedge-").FullName, "data");
    }

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>alpha first, beta second; hedging on for alpha when <paramref name="hedge"/>; the static key alice:client-secret with limits.</summary>
    private Task<GatewayHost> StartAsync(bool hedge) => StartAsync(
        ("Gateway:Providers:alpha:Hedge:Enabled", hedge ? "true" : "false"),
        ("Gateway:Providers:alpha:Hedge:DelaySeconds", HedgeDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)));

    private Task<GatewayHost> StartAsync(params (string Key, string? Value)[] hedging)
    {
        var env = _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_ALPHA_PRIORITY", "1"), ("AI_BETA_PRIORITY", "2"), ("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key));
        env["GATEWAY_ENCRYPTION_KEY"] = Store.StoreBackend.Key1;
        return GatewayHost.StartAsync(
            env,
            LimitsFixture.Settings(_data, postgres: false, [.. hedging, ("Gateway:Accounts:DefaultMaxOutputTokens", "1000")]),
            time: _clock,
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 1m, TokensPerDay = 1_000_000 }));
    }

    [Fact]
    public async Task Stream_FirstTokenLate_HedgingOn_AnsweredByTheSecondProviderAtTheHedgeDelay_LoserCancelled_EachBilledWhatItProduced()
    {
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        await using var gateway = await StartAsync(hedge: true);

        var exchange = gateway.Client.ExchangeAsync(StreamWithUsage());
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(HedgeDelay - TimeSpan.FromMilliseconds(100));
        await Task.Delay(200);
        Assert.Equal(0, _upstreams["beta"].RequestCount); // not before the delay
        Assert.False(exchange.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(100)); // the hedge delay passed: beta starts, answers at once
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("beta", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains("Hello from beta.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        await UntilAsync(() => slow.Cancelled == 1); // the loser's upstream saw the gateway leave
        Assert.Equal((1, 1), (_upstreams["alpha"].RequestCount, _upstreams["beta"].RequestCount));

        // Billed: beta's usage (the usage chunk the client saw), alpha nothing; one request; the reservation settled once.
        var usage = StreamUsage(body);
        var counter = gateway.Services.GetRequiredService<ILimitCounter>();
        await UntilAsync(() => counter.Outstanding == 0);
        var rows = await LedgerRowsAsync(gateway);
        Assert.Equal(usage, rows.Where(r => r.Provider == "beta").Sum(r => r.PromptTokens + r.CompletionTokens));
        Assert.Equal(0, rows.Where(r => r.Provider == "alpha").Sum(r => r.PromptTokens + r.CompletionTokens + r.Errors + r.Requests));
        Assert.Equal(1, rows.Sum(r => r.Requests));

        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Equal(1, metrics["gateway_hedges_total{provider=\"alpha\",outcome=\"won\"}"]);
        Assert.Equal(1, metrics["gateway_upstream_attempts_total{provider=\"alpha\",outcome=\"hedge_lost\"}"]);
        Assert.Equal(0, metrics.Where("gateway_errors_total", ("provider", "alpha")).Sum(s => s.Value)); // not the slow provider's failure
    }

    [Fact]
    public async Task Stream_PrimaryFirstTokenAfterTheHedgeStarted_PrimaryAnswers_HedgeCancelled_AndNotBilled()
    {
        var (slow, slower) = (new FakeGate(), new FakeGate());
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        _upstreams["beta"].Script(new FakeResponse { FirstTokenGate = slower });
        await using var gateway = await StartAsync(hedge: true);

        var exchange = gateway.Client.ExchangeAsync(StreamWithUsage());
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(HedgeDelay);
        await UntilAsync(() => slower.Waiting == 1, exchange);
        slow.Open(); // alpha's first token comes before beta's
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alpha", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from alpha.", body, StringComparison.Ordinal);
        await UntilAsync(() => slower.Cancelled == 1);

        var usage = StreamUsage(body);
        var counter = gateway.Services.GetRequiredService<ILimitCounter>();
        await UntilAsync(() => counter.Outstanding == 0);
        var rows = await LedgerRowsAsync(gateway);
        Assert.Equal(usage, rows.Where(r => r.Provider == "alpha").Sum(r => r.PromptTokens + r.CompletionTokens));
        Assert.Equal(0, rows.Where(r => r.Provider == "beta").Sum(r => r.PromptTokens + r.CompletionTokens + r.Errors + r.Requests));

        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Equal(1, metrics["gateway_hedges_total{provider=\"alpha\",outcome=\"lost\"}"]);
        Assert.Equal(1, metrics["gateway_upstream_attempts_total{provider=\"beta\",outcome=\"hedge_lost\"}"]);
    }

    [Fact]
    public async Task Plain_ResponseLate_HedgingOn_AnsweredByTheSecondProvider_LoserCancelled()
    {
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        await using var gateway = await StartAsync(hedge: true);

        var exchange = gateway.Client.ExchangeAsync(Http.Chat(bearer: LimitsFixture.Key));
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(HedgeDelay);
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("beta", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from beta.", body, StringComparison.Ordinal);
        await UntilAsync(() => slow.Cancelled == 1);
        var usage = JsonDocument.Parse(body).RootElement.GetProperty("usage");
        var counter = gateway.Services.GetRequiredService<ILimitCounter>();
        await UntilAsync(() => counter.Outstanding == 0);
        var rows = await LedgerRowsAsync(gateway);
        Assert.Equal(usage.GetProperty("total_tokens").GetInt64(), rows.Sum(r => r.PromptTokens + r.CompletionTokens));
    }

    [Theory]
    [InlineData("/v1/messages", """{"model":"smart","max_tokens":100,"messages":[{"role":"user","content":"Hi"}],"stream":true}""", "message_stop")]
    [InlineData("/v1/responses", """{"model":"smart","input":"Hi","stream":true}""", "response.completed")]
    public async Task TranslatedStream_FirstTokenLate_HedgingOn_AnsweredByTheSecondProvider(string path, string json, string end)
    {
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        await using var gateway = await StartAsync(hedge: true);

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", LimitsFixture.Key);
        var exchange = gateway.Client.ExchangeAsync(request);
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(HedgeDelay);
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("beta", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from beta.", body, StringComparison.Ordinal);
        Assert.Contains(end, body, StringComparison.Ordinal);
        await UntilAsync(() => slow.Cancelled == 1);
    }

    [Fact]
    public async Task HedgeFails_ThePrimaryStillAnswers_WhenItsFirstTokenComes()
    {
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        _upstreams["beta"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await StartAsync(hedge: true);

        var exchange = gateway.Client.ExchangeAsync(StreamWithUsage());
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(HedgeDelay);
        await UntilAsync(() => _upstreams["beta"].RequestCount >= 1, exchange); // the hedge failed (its same-provider retry waits on the clock)
        await Task.Delay(100);
        Assert.False(exchange.IsCompleted);
        slow.Open();
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alpha", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from alpha.", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Equal(1, metrics["gateway_hedges_total{provider=\"alpha\",outcome=\"lost\"}"]);
        Assert.Equal(1, metrics["gateway_upstream_attempts_total{provider=\"alpha\",outcome=\"success\"}"]);
    }

    [Fact]
    public async Task HedgingOff_FirstTokenLate_WaitsForIt_NoSecondRequest()
    {
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        await using var gateway = await StartAsync(hedge: false);

        var exchange = gateway.Client.ExchangeAsync(StreamWithUsage());
        await UntilAsync(() => slow.Waiting == 1, exchange);
        _clock.Advance(TimeSpan.FromSeconds(20)); // past any hedge delay, within the 30 s first-token timeout
        await Task.Delay(200);
        Assert.False(exchange.IsCompleted);
        Assert.Equal(0, _upstreams["beta"].RequestCount);

        slow.Open();
        var (response, body) = await exchange.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("alpha", response.Header("x-gateway-provider"));
        Assert.Contains("Hello from alpha.", body, StringComparison.Ordinal);
        Assert.Equal((0, 0), (slow.Cancelled, _upstreams["beta"].RequestCount));
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Empty(metrics.Where("gateway_hedges_total"));
    }

    [Fact]
    public async Task HedgingOn_FirstTokenInTime_NoHedge()
    {
        await using var gateway = await StartAsync(hedge: true);

        for (var i = 0; i < 3; i++)
        {
            var (response, body) = await gateway.Client.ExchangeAsync(i % 2 == 0 ? StreamWithUsage() : Http.Chat(bearer: LimitsFixture.Key));
            Assert.Equal(("alpha", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
            Assert.Contains("Hello from alpha.", body, StringComparison.Ordinal);
        }

        Assert.Equal(0, _upstreams["beta"].RequestCount);
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Empty(metrics.Where("gateway_hedges_total"));
    }

    [Fact]
    public async Task TierHedging_HedgesThatTiersStreams_AndNotTheOtherTiers()
    {
        await using var gateway = await StartAsync(
            ("Gateway:Retry:Hedge:Tiers:smart:Enabled", "true"),
            ("Gateway:Retry:Hedge:Tiers:smart:DelaySeconds", HedgeDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)));

        // smart: hedged at the delay, answered by beta.
        var slow = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = slow });
        var smart = gateway.Client.ExchangeAsync(StreamWithUsage());
        await UntilAsync(() => slow.Waiting == 1, smart);
        _clock.Advance(HedgeDelay);
        var (hedged, hedgedBody) = await smart.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("beta", "2"), (hedged.Header("x-gateway-provider"), hedged.Header("x-gateway-attempts")));
        Assert.Contains("Hello from beta.", hedgedBody, StringComparison.Ordinal);
        await UntilAsync(() => slow.Cancelled == 1);

        // fast: no hedging of its own, so it waits for alpha's late first token.
        var late = new FakeGate();
        _upstreams["alpha"].Script(new FakeResponse { FirstTokenGate = late });
        var fast = gateway.Client.ExchangeAsync(StreamWithUsage("fast"));
        await UntilAsync(() => late.Waiting == 1, fast);
        _clock.Advance(HedgeDelay * 2);
        await Task.Delay(200);
        Assert.False(fast.IsCompleted);
        Assert.Equal(1, _upstreams["beta"].RequestCount);
        late.Open();
        var (waited, waitedBody) = await fast.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("alpha", "1"), (waited.Header("x-gateway-provider"), waited.Header("x-gateway-attempts")));
        Assert.Contains("Hello from alpha.", waitedBody, StringComparison.Ordinal);
    }

    private static HttpRequestMessage StreamWithUsage(string model = "smart") => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent($$$"""{"model":"{{{model}}}","messages":[{"role":"user","content":"Hi"}],"stream":true,"stream_options":{"include_usage":true}}""",
            System.Text.Encoding.UTF8, "application/json"),
        Headers = { Authorization = new("Bearer", LimitsFixture.Key) },
    };

    /// <summary>Prompt plus completion tokens of the stream's usage chunk.</summary>
    private static long StreamUsage(string body)
    {
        var usage = body.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement)
            .Single(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object).GetProperty("usage");
        return usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64();
    }

    private static async Task<IReadOnlyList<LedgerRow>> LedgerRowsAsync(GatewayHost gateway)
    {
        await gateway.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return await gateway.Services.GetRequiredService<ILedgerStore>().ReadAsync(today, today, null, null, CancellationToken.None);
    }

    /// <summary>Polls a condition the gateway reaches by itself; fails fast if the exchange ended first.</summary>
    private static async Task UntilAsync(Func<bool> condition, Task? exchange = null)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            Assert.False(exchange?.IsCompleted == true, "the request ended first");
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
