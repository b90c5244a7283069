using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// The Anthropic-compatible <c>/v1/messages</c> over real sockets: passed through to an Anthropic provider with the
/// client's version and beta headers, translated for OpenAI-compatible ones, errors in Anthropic's shape, failover as
/// for chat. "claude" is an Anthropic provider (primary), "b" an OpenAI-compatible one (second).
/// </summary>
public sealed class MessagesTests : IAsyncLifetime
{
    private FakeUpstreamServer _claude = null!;
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync()
    {
        _claude = await FakeUpstreamServer.StartAsync("claude");
        _upstreams = await Upstreams.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await _upstreams.DisposeAsync();
        await _claude.DisposeAsync();
    }

    private Task<GatewayHost> StartGatewayAsync(bool withClaude = true, params (string, string)[] extra)
    {
        var environment = _upstreams.Environment([("AI_ROTATION", "failover"), ("AI_B_PRIORITY", "2"), ("AI_CLIENT_KEYS", "client-secret"), .. extra]);
        if (withClaude)
        {
            environment["AI_CLAUDE_TYPE"] = "anthropic";
            environment["AI_CLAUDE_URL"] = _claude.Root;
            environment["AI_CLAUDE_KEY"] = "sk-ant-secret";
            environment["AI_CLAUDE_SMART"] = "claude-sonnet-4";
            environment["AI_CLAUDE_PRIORITY"] = "1";
        }

        return GatewayHost.StartAsync(environment);
    }

    [Fact]
    public async Task Create_OnAnthropic_PassesThrough_WithTheClientsVersionAndBetas()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(apiKey: "client-secret", headers: [("anthropic-version", "2023-06-01"), ("anthropic-beta", "tools-2024-05-16")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(("message", "assistant"), (json.RootElement.GetProperty("type").GetString(), json.RootElement.GetProperty("role").GetString()));
        var received = _claude.Received.Single();
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(("sk-ant-secret", "2023-06-01", "tools-2024-05-16"), (received.Headers["x-api-key"], received.Headers["anthropic-version"], received.Headers["anthropic-beta"]));
        using var sent = JsonDocument.Parse(received.Body);
        Assert.Equal("claude-sonnet-4", sent.RootElement.GetProperty("model").GetString());
        Assert.Equal(64, sent.RootElement.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task Stream_OnAnthropic_PassesTheEventsThrough()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(stream: true, apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var types = SurfaceHttp.Types(body);
        Assert.Equal("message_start", types[0]);
        Assert.Equal("message_stop", types[^1]);
        Assert.Contains("content_block_delta", types);
    }

    [Fact]
    public async Task Create_OnAChatProvider_IsTranslatedBothWays()
    {
        await using var gateway = await StartGatewayAsync(withClaude: false);

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(("message", "end_turn"), (root.GetProperty("type").GetString(), root.GetProperty("stop_reason").GetString()));
        Assert.Contains("Hello from b.", root.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);
        Assert.Equal("/v1/chat/completions", _upstreams["b"].Received.Single().Path);
    }

    [Fact]
    public async Task Stream_OnAChatProvider_IsAnAnthropicEventStream()
    {
        await using var gateway = await StartGatewayAsync(withClaude: false);

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(stream: true, apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var types = SurfaceHttp.Types(body);
        Assert.Equal(["message_start", "ping", "content_block_start"], types.Take(3));
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], types.TakeLast(3));
        var text = string.Concat(SurfaceHttp.Events(body).Where(e => e.Data?.GetProperty("type").GetString() == "content_block_delta")
            .Select(e => e.Data!.Value.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Contains("Hello from b.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(500, true)]
    [InlineData(429, false)]
    [InlineData(429, true)]
    public async Task RetryableStatus_OnAnthropic_FailsOverToTheChatProvider(int status, bool stream)
    {
        _claude.Script(FakeResponse.WithStatus(status, status == 429 ? "1" : null));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(stream: stream, apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamThatErrorsBeforeItsFirstEvent_FailsOverInvisibly()
    {
        _claude.Script(FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(stream: true, apiKey: "client-secret"));

        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.DoesNotContain("error", SurfaceHttp.Types(body));
    }

    [Fact]
    public async Task RateLimited_Everywhere_Is429_InAnthropicsShape()
    {
        _claude.Default = FakeResponse.WithStatus(429, "5");
        _upstreams["b"].Default = FakeResponse.WithStatus(429, "5");
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        AssertAnthropicError(body, "rate_limit_error");
    }

    [Theory]
    [InlineData("""{"model":"smart","max_tokens":5}""", 400, "invalid_request_error")]
    [InlineData("""{"model":"smart","max_tokens":5,"messages":"no"}""", 400, "invalid_request_error")]
    [InlineData("not json", 400, "invalid_request_error")]
    public async Task BadRequests_AreAnsweredInAnthropicsShape(string json, int status, string type)
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/messages", json, apiKey: "client-secret"));

        Assert.Equal(status, (int)response.StatusCode);
        AssertAnthropicError(body, type);
    }

    [Fact]
    public async Task UnknownProvider_Is404_InAnthropicsShape()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(apiKey: "client-secret", headers: [("X-Gateway-Provider", "nope")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertAnthropicError(body, "not_found_error");
    }

    [Fact]
    public async Task Authentication_AcceptsXApiKeyAndBearer_AndRefusesInAnthropicsShape()
    {
        await using var gateway = await StartGatewayAsync();

        var (bearer, _) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/messages", """{"model":"smart","max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", bearer: "client-secret"));
        var (wrong, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Messages(apiKey: "wrong"));

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        AssertAnthropicError(body, "authentication_error");
        Assert.DoesNotContain("wrong", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokens_WithoutAnAnthropicProvider_IsTheTokenizersEstimate()
    {
        await using var gateway = await StartGatewayAsync(withClaude: false);

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/messages/count_tokens",
            """{"model":"smart","system":"You are terse.","messages":[{"role":"user","content":"Hello, how many tokens is this?"}]}""", apiKey: "client-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("estimate", response.Header("x-gateway-token-count"));
        Assert.InRange(JsonDocument.Parse(body).RootElement.GetProperty("input_tokens").GetInt64(), 8, 40);
        Assert.Empty(_upstreams["b"].Received);
    }

    private static void AssertAnthropicError(string body, string type)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(type, json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("error").GetProperty("message").ValueKind);
    }
    [Fact]
    public async Task CountTokens_WithAnAnthropicProvider_IsAsked()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(SurfaceHttp.Post("/v1/messages/count_tokens",
            """{"model":"smart","messages":[{"role":"user","content":"Hello there"}]}""", apiKey: "client-secret", headers: [("anthropic-version", "2023-06-01")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", response.Header("x-gateway-token-count"));
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("input_tokens").GetInt64() > 0);
        var received = _claude.Received.Single();
        Assert.Equal(("/v1/messages/count_tokens", "claude-sonnet-4"), (received.Path, JsonDocument.Parse(received.Body).RootElement.GetProperty("model").GetString()));
    }
}
