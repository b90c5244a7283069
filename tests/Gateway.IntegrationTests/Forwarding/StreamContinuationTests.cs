using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// A committed chat stream that breaks (cut, idle timeout) is continued on the next provider able to continue: that
/// provider gets the request with the text already sent as an assistant prefill, and the client sees one stream (one
/// id, the whole answer exactly once, one <c>[DONE]</c>). A refused continuation, or nobody able to continue, ends the
/// stream with an error event naming the original failure; a half-sent tool call is never continued. Provider "a" is
/// primary, "b" second (able to continue: <c>AI_B_CONTINUATION</c>), "c" third.
/// </summary>
public sealed class StreamContinuationTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_C_PRIORITY", "3"),
            ("AI_B_CONTINUATION", "true"), .. extra]), time: _clock);

    /// <summary>The plain answer of 60 tokens as provider "a" starts it: <c>Hello from a. token1 ... token59</c>.</summary>
    private static string WholeAnswer(int tokens = 60) => "Hello from a." + string.Concat(Enumerable.Range(1, tokens - 1).Select(i => $" token{i}"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CutAfter40Of60Tokens_IsContinuedOnTheNextProvider_AsOneStream(bool clientAsksUsage)
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 60, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 40 };
        _upstreams["b"].Default = new FakeResponse { Chunks = 60 };
        _upstreams["b"].ContinuesPrefill = true;
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a", response.Header("x-gateway-provider"));
        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(WholeAnswer(), stream.Text);
        Assert.Equal(1, stream.Done);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\"", body, StringComparison.Ordinal);
        Assert.Equal(["chatcmpl-fake"], stream.Ids);
        Assert.Equal(1, stream.Roles);

        // b was asked for the rest: the client's request with the 40 tokens already sent as a trailing assistant message.
        var continued = Assert.Single(_upstreams["b"].Received);
        var messages = JsonDocument.Parse(continued.Body).RootElement.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("assistant", messages[1].GetProperty("role").GetString());
        Assert.Equal(WholeAnswer(40), messages[1].GetProperty("content").GetString());
        Assert.Equal(0, _upstreams["c"].RequestCount);

        if (clientAsksUsage)
        {
            // The one usage chunk the client sees covers the whole answer: b's 20 tokens and the 40 a sent (counted by the gateway).
            var usage = Assert.Single(stream.Usages);
            var completion = usage.GetProperty("completion_tokens").GetInt64();
            Assert.True(completion > 40, $"completion_tokens {completion} covers only the continuation");
            Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64() + completion, usage.GetProperty("total_tokens").GetInt64());
        }
        else
        {
            Assert.Empty(stream.Usages);
        }

        // The broken stream counts against a; the continuation against nobody.
        var health = gateway.Services.GetRequiredService<IHealthStore>().Snapshot();
        Assert.Equal(1, health.Single(s => s.Provider == "a").Errors);
        Assert.Equal(0, health.Single(s => s.Provider == "b").Errors);
    }

    [Fact]
    public async Task AnthropicFallback_ContinuesByDefault_FromTheTranslatedPrefill()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 60, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 40 };
        _upstreams["b"].Default = new FakeResponse { Chunks = 60 };
        _upstreams["b"].ContinuesPrefill = true;
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"),
            ("AI_C_PRIORITY", "3"), ("AI_B_TYPE", "anthropic"), ("AI_B_URL", _upstreams["b"].Root)]), time: _clock);

        var (_, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage: true));

        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(WholeAnswer(), stream.Text);
        Assert.Equal(1, stream.Done);
        Assert.Equal(["chatcmpl-fake"], stream.Ids);
        Assert.True(Assert.Single(stream.Usages).GetProperty("completion_tokens").GetInt64() > 40);
        var continued = Assert.Single(_upstreams["b"].Received);
        Assert.Equal("/v1/messages", continued.Path);
        var last = JsonDocument.Parse(continued.Body).RootElement.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("assistant", last.GetProperty("role").GetString());
        Assert.Contains(WholeAnswer(40), last.GetProperty("content").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StallAfter20Tokens_PastTheIdleTimeout_IsContinuedOnTheNextProvider()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 60, Fault = FakeFault.StallAfterChunks, BreakAfterChunks = 20 };
        _upstreams["b"].Default = new FakeResponse { Chunks = 60 };
        _upstreams["b"].ContinuesPrefill = true;
        await using var gateway = await StartGatewayAsync(("AI_A_IDLE_TIMEOUT", "20"));

        using var response = await gateway.Client.SendAsync(Chat(clientAsksUsage: false), HttpCompletionOption.ResponseHeadersRead);
        var reading = response.Content.ReadAsStringAsync();

        // A 30 s stall on the gateway's clock, in 10 s steps (the idle timer is armed only once the held chunks are flushed).
        for (var i = 0; i < 60 && _upstreams["b"].RequestCount == 0; i++)
        {
            await Task.Delay(50);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        var body = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(WholeAnswer(), stream.Text);
        Assert.Equal(1, stream.Done);
        Assert.Equal(["chatcmpl-fake"], stream.Ids);
        var messages = JsonDocument.Parse(Assert.Single(_upstreams["b"].Received).Body).RootElement.GetProperty("messages");
        Assert.Equal(WholeAnswer(20), messages[messages.GetArrayLength() - 1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task RefusedContinuation_EndsWithAnErrorNamingTheOriginalFailure()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 60, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 40 };
        _upstreams["b"].RefusesPrefill = true;
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(WholeAnswer(40), stream.Text);
        Assert.Equal(0, stream.Done);
        var error = Assert.Single(stream.Errors);
        Assert.Equal("stream_interrupted", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("provider 'a'", message, StringComparison.Ordinal);
        Assert.Contains("stream interrupted", message, StringComparison.Ordinal);
        Assert.DoesNotContain("prefill", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'b'", message, StringComparison.Ordinal);
        Assert.Equal(1, _upstreams["b"].RequestCount);

        // A refusal is the provider's verdict on the prefill, not a failure of its health.
        var b = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "b");
        Assert.Equal(0, b.Errors);
    }

    [Fact]
    public async Task NobodyAbleToContinue_EndsWithTheOriginalFailure_AndAsksNobody()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 60, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 40 };
        await using var gateway = await StartGatewayAsync(("AI_B_CONTINUATION", "false"));

        var (_, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage: false));

        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(WholeAnswer(40), stream.Text);
        Assert.Contains("provider 'a'", Assert.Single(stream.Errors).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
        Assert.Equal(0, _upstreams["c"].RequestCount);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("not continued: no provider left is able to continue it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HalfSentToolCall_IsNotContinued()
    {
        // The tool call's id and name, then one of its three argument pieces; then the cut.
        _upstreams["a"].Default = new FakeResponse { Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 2 };
        _upstreams["b"].ContinuesPrefill = true;
        await using var gateway = await StartGatewayAsync();

        var (_, body) = await gateway.Client.ExchangeAsync(ToolChat());

        Assert.Contains("\"tool_calls\"", body, StringComparison.Ordinal);
        var stream = ChatStreamBody.Parse(body);
        Assert.Equal(0, stream.Done);
        Assert.Contains("provider 'a'", Assert.Single(stream.Errors).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["b"].RequestCount);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("not continued: a tool call, a refusal or a second choice was sent", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Chat(bool clientAsksUsage) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"stream":true""" + (clientAsksUsage ? ""","stream_options":{"include_usage":true}}""" : "}"),
            Encoding.UTF8, "application/json"),
    };

    private static HttpRequestMessage ToolChat() => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            """
            {"model":"smart","stream":true,"messages":[{"role":"user","content":"[[tool get_weather {\"city\":\"Paris\",\"unit\":\"celsius\"}]]"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}}}}}]}
            """,
            Encoding.UTF8, "application/json"),
    };
}
