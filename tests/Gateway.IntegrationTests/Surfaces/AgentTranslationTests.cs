using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// What coding agents send by default, over real sockets: Anthropic's required fields checked whatever the provider,
/// system messages inside <c>messages</c> folded for an Anthropic provider and kept in place for chat, the estimated
/// input tokens in a translated stream's first event, and the Responses API's built-in tools left out (and said so)
/// on a chat provider, refused with strict translation, served natively by Anthropic. "claude" is an Anthropic
/// provider, "b" an OpenAI-compatible one; each test pins one.
/// </summary>
public sealed class AgentTranslationTests : IAsyncLifetime
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

    private Task<GatewayHost> StartGatewayAsync(bool strict = false)
    {
        var environment = _upstreams.Environment([("AI_CLIENT_KEYS", "client-secret")]);
        environment["AI_CLAUDE_TYPE"] = "anthropic";
        environment["AI_CLAUDE_URL"] = _claude.Root;
        environment["AI_CLAUDE_KEY"] = "sk-ant-secret";
        environment["AI_CLAUDE_SMART"] = "claude-sonnet-4";
        return GatewayHost.StartAsync(environment, strict ? new Dictionary<string, string?> { ["Gateway:Translation:Strict"] = "true" } : null);
    }

    private static HttpRequestMessage Post(string path, string json, string provider) =>
        SurfaceHttp.Post(path, json, apiKey: "client-secret", headers: [("x-gateway-provider", provider)]);

    [Theory]
    [InlineData("claude", """{"model":"smart","messages":[{"role":"user","content":"x"}]}""", "max_tokens: Field required.")]
    [InlineData("b", """{"model":"smart","messages":[{"role":"user","content":"x"}]}""", "max_tokens: Field required.")]
    [InlineData("b", """{"model":"smart","max_tokens":5,"messages":[]}""", "messages: at least one message is required.")]
    public async Task Messages_WithoutWhatAnthropicRequires_Is400InAnthropicsShape_WhateverTheProvider(string provider, string body, string message)
    {
        await using var gateway = await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(Post("/v1/messages", body, provider));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$$"""{"type":"error","error":{"type":"invalid_request_error","message":"{{{message}}}"}}""", text);
        Assert.Empty(_claude.Received);
        Assert.Empty(_upstreams["b"].Received);
    }

    private const string WithSystemMessage =
        """{"model":"smart","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":"Hi"},{"role":"system","content":"Plan mode is on."},{"role":"user","content":"Go"}]}""";

    [Fact]
    public async Task Messages_SystemMessageInside_IsFoldedIntoSystem_ForAnAnthropicProvider()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, _) = await gateway.Client.ExchangeAsync(Post("/v1/messages", WithSystemMessage, "claude"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(_claude.Received.Single().Body);
        Assert.Equal("""[{"type":"text","text":"Be brief."},{"type":"text","text":"Plan mode is on."}]""", sent.RootElement.GetProperty("system").GetRawText());
        Assert.Equal(["user", "user"], sent.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("claude-sonnet-4", sent.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Messages_SystemMessageInside_StaysInPlace_ForAChatProvider_AndTheStreamStartsWithTheEstimate()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Post("/v1/messages", WithSystemMessage.Replace("\"max_tokens\":64", "\"max_tokens\":64,\"stream\":true", StringComparison.Ordinal), "b"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var sent = JsonDocument.Parse(_upstreams["b"].Received.Single().Body);
        Assert.Equal(["system", "user", "system", "user"], sent.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var events = SurfaceHttp.Events(body);
        var start = events.First(e => e.Event == "message_start").Data!.Value.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt64();
        Assert.InRange(start, 5, 200); // the o200k count, or bytes / 4 when the count (on the thread pool) is not done yet
        var end = events.Last(e => e.Event == "message_delta").Data!.Value.GetProperty("usage").GetProperty("input_tokens").GetInt64();
        Assert.Equal(5, end); // the fake's prompt_tokens
    }

    private const string WithBuiltIns =
        """{"model":"smart","input":"news?","reasoning":{"effort":"low"},"tools":[{"type":"function","name":"f","parameters":{"type":"object"}},{"type":"web_search","filters":{"allowed_domains":["example.com"]}},{"type":"local_shell"}]}""";

    [Fact]
    public async Task Responses_BuiltInToolsOnAChatProvider_AreLeftOut_AndNamedInAHeader()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, _) = await gateway.Client.ExchangeAsync(Post("/v1/responses", WithBuiltIns, "b"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tools.web_search, tools.local_shell", response.Headers.GetValues("x-gateway-omitted").Single());
        using var sent = JsonDocument.Parse(_upstreams["b"].Received.Single().Body);
        Assert.Equal(["f"], sent.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal("low", sent.RootElement.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task Responses_BuiltInToolsOnAChatProvider_WithStrictTranslation_Are400()
    {
        await using var gateway = await StartGatewayAsync(strict: true);

        var (response, text) = await gateway.Client.ExchangeAsync(Post("/v1/responses", WithBuiltIns, "b"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("strict translation is on", text, StringComparison.Ordinal);
        Assert.Empty(_upstreams["b"].Received);
    }

    [Fact]
    public async Task Responses_WebSearchAndEffortOnAnthropic_AreItsServerToolAndThinking_AndReasoningComesBack()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(Post("/v1/responses", WithBuiltIns.Replace("news?", "[[reply ok]]", StringComparison.Ordinal), "claude"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tools.local_shell", response.Headers.GetValues("x-gateway-omitted").Single());
        using var sent = JsonDocument.Parse(_claude.Received.Single().Body);
        Assert.Equal("""{"type":"web_search_20250305","name":"web_search","allowed_domains":["example.com"]}""", sent.RootElement.GetProperty("tools")[1].GetRawText());
        Assert.Equal("""{"type":"enabled","budget_tokens":4096}""", sent.RootElement.GetProperty("thinking").GetRawText());
        using var answer = JsonDocument.Parse(text);
        var output = answer.RootElement.GetProperty("output");
        Assert.Equal("reasoning", output[0].GetProperty("type").GetString());
        Assert.Equal("ok", output[1].GetProperty("content")[0].GetProperty("text").GetString());
    }
}
