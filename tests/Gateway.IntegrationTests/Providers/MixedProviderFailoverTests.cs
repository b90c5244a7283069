using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Providers;

/// <summary>Failover between an Anthropic and an OpenAI-compatible provider, both ways, with the tier rewritten for each.</summary>
public sealed class MixedProviderFailoverTests : IAsyncLifetime
{
    private FakeUpstreamServer _anthropic = null!;
    private FakeUpstreamServer _openai = null!;

    public async Task InitializeAsync()
    {
        _anthropic = await FakeUpstreamServer.StartAsync("claude");
        _openai = await FakeUpstreamServer.StartAsync("gpt");
    }

    public async Task DisposeAsync()
    {
        await _anthropic.DisposeAsync();
        await _openai.DisposeAsync();
    }

    private Task<GatewayHost> StartAsync(string first, params (string, string)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["AI_ROTATION"] = "failover",
            ["AI_ANTHROPIC_URL"] = _anthropic.Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
            ["AI_ANTHROPIC_PRIORITY"] = first == "anthropic" ? "1" : "2",
            ["AI_OPENAI_URL"] = _openai.BaseUrl,
            ["AI_OPENAI_KEY"] = "sk-oai",
            ["AI_OPENAI_SMART"] = "gpt-4.1",
            ["AI_OPENAI_PRIORITY"] = first == "openai" ? "1" : "2",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return GatewayHost.StartAsync(env);
    }

    public static TheoryData<string, int, bool> Faults => new()
    {
        { "anthropic", 529, false }, { "anthropic", 529, true }, { "anthropic", 500, true },
        { "openai", 503, false }, { "openai", 503, true },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FailingFirstProvider_HandsOverToTheOtherProtocol(string first, int status, bool stream)
    {
        var (failing, serving) = first == "anthropic" ? (_anthropic, _openai) : (_openai, _anthropic);
        failing.Script(FakeResponse.WithStatus(status));
        await using var gateway = await StartAsync(first);

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat("smart", stream));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = first == "anthropic" ? "openai" : "anthropic";
        var model = second == "anthropic" ? "claude-sonnet-4" : "gpt-4.1";
        Assert.Equal((second, model, "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model"), response.Header("x-gateway-attempts")));
        Assert.Contains($"Hello from {serving.Name}.", body, StringComparison.Ordinal);
        Assert.Equal(first == "anthropic" ? "claude-sonnet-4" : "gpt-4.1", failing.Received.Single().Model);
        Assert.Equal(model, serving.Received.Single().Model);
        if (stream)
        {
            Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"usage\"", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("chat.completion", JsonDocument.Parse(body).RootElement.GetProperty("object").GetString());
        }
    }

    [Fact]
    public async Task AnthropicErrorEventBeforeFirstToken_FailsOverInvisibly()
    {
        _anthropic.Script(FakeResponse.WithFault(FakeFault.ErrorEventBeforeFirstToken));
        await using var gateway = await StartAsync("anthropic");

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Assert.Equal("openai", response.Header("x-gateway-provider"));
        Assert.DoesNotContain("error", body, StringComparison.Ordinal);
        Assert.Contains("Hello from gpt.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextLengthError_FailsOverOnlyToALargerWindow()
    {
        _openai.Default = new FakeResponse { Status = 400, ErrorCode = "context_length_exceeded" };
        await using var larger = await StartAsync("openai", ("AI_OPENAI_CONTEXT_WINDOW", "128000"), ("AI_ANTHROPIC_CONTEXT_WINDOW", "200000"));

        var (moved, _) = await larger.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(("anthropic", "2"), (moved.Header("x-gateway-provider"), moved.Header("x-gateway-attempts")));

        await using var smaller = await StartAsync("openai", ("AI_OPENAI_CONTEXT_WINDOW", "128000"), ("AI_ANTHROPIC_CONTEXT_WINDOW", "100000"));
        var (kept, body) = await smaller.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(HttpStatusCode.BadRequest, kept.StatusCode);
        Assert.Equal(("openai", "1"), (kept.Header("x-gateway-provider"), kept.Header("x-gateway-attempts")));
        Assert.Equal("context_length_exceeded", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal(1, _anthropic.RequestCount);
    }
}
