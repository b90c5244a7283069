using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>Real traffic through the gateway, then the /metrics numbers checked against what was sent.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a", "b");
        _gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_B_COST_MULTIPLIER", "2"), ("AI_ADMIN_KEY", "adm-0123456789abcdef0123456789")),
            new Dictionary<string, string?>
            {
                // One dollar per million prompt tokens, two per million completion tokens.
                ["Gateway:Prices:a-smart:Input"] = "1", ["Gateway:Prices:a-smart:Output"] = "2",
                ["Gateway:Prices:b-smart:Input"] = "1", ["Gateway:Prices:b-smart:Output"] = "2",
            });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    [Fact]
    public async Task Traffic_SuccessFailoverAndStream_AppearsInMetrics()
    {
        // 3 plain successes on a, 1 failover a -> b (500), 2 streams on a (fake usage: 5 prompt, 3 completion tokens each).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.ExchangeAsync(Http.Chat())).Response.StatusCode);
        }

        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await _gateway.Client.ExchangeAsync(Http.Chat())).Response.Header("x-gateway-provider"));
        for (var i = 0; i < 2; i++)
        {
            var (_, body) = await _gateway.Client.ExchangeAsync(Http.Chat(stream: true));
            Assert.DoesNotContain("\"usage\"", body, StringComparison.Ordinal);
        }

        var m = await MetricsText.ScrapeAsync(_gateway.Client);

        Assert.Equal(6, m["gateway_requests_total{route=\"/v1/chat/completions\",status=\"200\"}"]);
        Assert.Equal(5, m["gateway_upstream_attempts_total{provider=\"a\",outcome=\"success\"}"]);
        Assert.Equal(1, m["gateway_upstream_attempts_total{provider=\"a\",outcome=\"server_error\"}"]);
        Assert.Equal(1, m["gateway_upstream_attempts_total{provider=\"b\",outcome=\"success\"}"]);
        Assert.Equal(1, m["gateway_failovers_total{from=\"a\",to=\"b\",reason=\"server_error\"}"]);
        Assert.Equal(1, m["gateway_errors_total{provider=\"a\",type=\"5xx\"}"]);
        Assert.Equal(25, m["gateway_tokens_total{provider=\"a\",model=\"a-smart\",type=\"prompt\"}"]);
        Assert.Equal(15, m["gateway_tokens_total{provider=\"a\",model=\"a-smart\",type=\"completion\"}"]);
        Assert.Equal(5, m["gateway_tokens_total{provider=\"b\",model=\"b-smart\",type=\"prompt\"}"]);
        Assert.Equal((25 * 1.0 + 15 * 2.0) / 1e6, m["gateway_cost_usd_total{provider=\"a\",model=\"a-smart\"}"], 12);
        Assert.Equal((5 * 1.0 + 3 * 2.0) / 1e6 * 2, m["gateway_cost_usd_total{provider=\"b\",model=\"b-smart\"}"], 12);

        // Histograms: counts match the attempts, buckets are cumulative and end at the count.
        Assert.Equal(6, m["gateway_request_duration_seconds_count{route=\"/v1/chat/completions\",status=\"200\"}"]);
        Assert.Equal(2, m["gateway_upstream_first_token_duration_seconds_count{provider=\"a\",model=\"a-smart\"}"]);
        Assert.Equal(5, m["gateway_upstream_headers_duration_seconds_bucket{provider=\"a\",outcome=\"success\",le=\"+Inf\"}"]);
        var buckets = m.Where("gateway_upstream_headers_duration_seconds_bucket", ("provider", "a"), ("outcome", "success"))
            .OrderBy(s => s.Key["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Key["le"], System.Globalization.CultureInfo.InvariantCulture)).Select(s => s.Value).ToList();
        Assert.Equal(17, buckets.Count);
        Assert.Equal(buckets.Order(), buckets);
        Assert.True(m["gateway_upstream_headers_duration_seconds_bucket{provider=\"a\",outcome=\"success\",le=\"600\"}"] == 5);

        Assert.Equal(1, m["gateway_provider_health_score{provider=\"b\"}"]);
        Assert.Equal(0, m["gateway_provider_circuit_state{provider=\"a\"}"]);
        Assert.Equal(0, m["gateway_upstream_in_flight{provider=\"a\"}"]);
        Assert.DoesNotContain("req_", m.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("key-a", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientThatAskedForUsage_GetsTheUsageChunk()
    {
        var request = Http.Chat(stream: true);
        request.Content = new StringContent("""{"model":"smart","messages":[],"stream":true,"stream_options":{"include_usage":true}}""", Encoding.UTF8, "application/json");

        var (_, body) = await _gateway.Client.ExchangeAsync(request);

        Assert.Contains("\"usage\":{\"prompt_tokens\":5", body, StringComparison.Ordinal);
        Assert.DoesNotContain("stream_options\":{\"include_usage\":true},\"stream_options", _upstreams["a"].Received.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingRequest_AsksTheUpstreamForUsage()
    {
        await _gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.EndsWith(""","stream":true,"stream_options":{"include_usage":true}}""", _upstreams["a"].Received.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageChunkWithSpacesAndOtherKeyOrder_IsStillRemoved_AndCounted()
    {
        _upstreams["a"].Default = new FakeResponse { SpacedUsageChunk = true };

        var (_, body) = await _gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.DoesNotContain("usage", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        var m = await MetricsText.ScrapeAsync(_gateway.Client);
        Assert.Equal(5, m["gateway_tokens_total{provider=\"a\",model=\"a-smart\",type=\"prompt\"}"]);
    }

    [Fact]
    public async Task UpstreamWithoutUsage_IsCountedAsMissing_NotGuessed()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 2 };
        var request = Http.Chat(stream: true);

        // stream_options present but false: the upstream sends no usage and the gateway must not invent any.
        request.Content = new StringContent("""{"model":"smart","messages":[],"stream":true,"stream_options":{"include_usage":false}}""", Encoding.UTF8, "application/json");
        await _gateway.Client.ExchangeAsync(request);

        var m = await MetricsText.ScrapeAsync(_gateway.Client);
        Assert.Equal(1, m["gateway_usage_missing_total{provider=\"a\",model=\"a-smart\"}"]);
        Assert.Equal(0, m["gateway_tokens_total{provider=\"a\",model=\"a-smart\",type=\"prompt\"}"]);
    }

    [Fact]
    public async Task AdminUsage_ShowsTokensAndCost()
    {
        await _gateway.Client.ExchangeAsync(Http.Chat());
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage");
        request.Headers.Authorization = new("Bearer", "adm-0123456789abcdef0123456789");

        var (response, body) = await _gateway.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"provider\":\"a\",\"model\":\"a-smart\",\"responses\":1,\"prompt_tokens\":5,\"completion_tokens\":3", body, StringComparison.Ordinal);
        Assert.Contains("\"cost_usd\":1.1E-05", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NeedNoClientKey()
    {
        await using var keyed = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:ClientKeys"] = "k1" });

        var response = await keyed.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
