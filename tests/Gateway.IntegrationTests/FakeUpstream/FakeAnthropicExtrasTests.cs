using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>Anthropic's count_tokens, the echo of the version and beta headers, and tool results in streams.</summary>
public sealed class FakeAnthropicExtrasTests : IAsyncLifetime
{
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync("claude");

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CountTokens_AnswersADeterministicCount()
    {
        const string Body = """{"model":"c","system":"Be brief please","messages":[{"role":"user","content":"Hello there"},{"role":"assistant","content":[{"type":"text","text":"Hi"}]}],"tools":[{"name":"t","input_schema":{"type":"object"}}]}""";

        var body = await FakeCalls.JsonAsync(_fake.BaseUrl + "/messages/count_tokens", Body);

        // 3 system words + (3 + 2) + (3 + 1) for the messages + 10 for the tool.
        Assert.Equal("""{"input_tokens":22}""", body.GetRawText());
        Assert.Equal(22, FakeUpstreamServer.CountTokens(JsonDocument.Parse(Body).RootElement));
        Assert.Equal("/v1/messages/count_tokens", _fake.Received.Single().Path);
    }

    [Fact]
    public async Task CountTokens_ScriptedStatus_IsAnAnthropicError()
    {
        _fake.Script(FakeResponse.WithStatus(429, "3"));

        var (response, body) = await FakeCalls.PostAsync(_fake.BaseUrl + "/messages/count_tokens", """{"model":"c","messages":[]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("3", response.Headers.RetryAfter?.ToString());
        Assert.Equal("rate_limit_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/messages")]
    [InlineData("/messages/count_tokens")]
    public async Task VersionAndBetaHeaders_AreEchoed(string path)
    {
        var (response, _) = await FakeCalls.PostAsync(_fake.BaseUrl + path, """{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""",
            ("anthropic-version", "2023-06-01"), ("anthropic-beta", "structured-outputs-2025-11-13,context-1m-2025-08-07"));

        Assert.Equal("2023-06-01", string.Join(",", response.Headers.GetValues("x-fake-anthropic-version")));
        Assert.Equal("structured-outputs-2025-11-13,context-1m-2025-08-07", string.Join(",", response.Headers.GetValues("x-fake-anthropic-beta")));
        Assert.Equal("2023-06-01", _fake.Received.Single().Headers["anthropic-version"]);
    }

    [Fact]
    public async Task NoVersionHeader_NoEcho()
    {
        var (response, _) = await FakeCalls.PostAsync(_fake.BaseUrl + "/messages", """{"model":"c","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.False(response.Headers.Contains("x-fake-anthropic-version"));
        Assert.False(response.Headers.Contains("x-fake-anthropic-beta"));
    }

    [Fact]
    public async Task ToolResults_Stream_AnswerQuotesThem()
    {
        const string Body = """
            {"model":"c","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"Weather?"},
            {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"w","input":{}},{"type":"tool_use","id":"toolu_02","name":"t","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18 degrees"},{"type":"tool_result","tool_use_id":"toolu_02","content":[{"type":"text","text":"noon"}]}]}]}
            """;

        var events = await FakeCalls.StreamAsync(_fake.BaseUrl + "/messages", Body);

        var text = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Json.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal("The tool said: 18 degrees and noon", text);
        Assert.Equal("end_turn", events.Single(e => e.Name == "message_delta").Json.GetProperty("delta").GetProperty("stop_reason").GetString());
    }
}
