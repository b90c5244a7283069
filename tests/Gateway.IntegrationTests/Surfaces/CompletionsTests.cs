using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Legacy <c>/v1/completions</c>: JSON passed through, streams held back until the first non-empty <c>text</c> (so a
/// provider that fails before it fails over invisibly), then forwarded chunk by chunk; usage asked for and hidden as for chat.
/// </summary>
public sealed class CompletionsTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync() =>
        GatewayHost.StartAsync(_upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")));

    private static HttpRequestMessage Completion(bool stream, bool includeUsage = false) => SurfaceRequests.Json("/v1/completions",
        $$"""{"model":"fast","prompt":["Say hi"],"stream":{{(stream ? "true" : "false")}}{{(includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")}}}""");

    private static IEnumerable<JsonElement> Events(string sse) =>
        sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement);

    [Fact]
    public async Task Json_ReturnsTheProvidersTextAndUsage()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Completion(stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("text_completion", "a-fast", "Hello from a. token1 token2"),
            (root.GetProperty("object").GetString(), root.GetProperty("model").GetString(), root.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.False(_upstreams["a"].Received.Single().Stream);
    }

    [Fact]
    public async Task Stream_IsForwarded_WithTheUsageChunkTheGatewayAskedForRemoved()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Completion(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.ContentType()?.MediaType);
        var events = Events(body).ToList();
        Assert.Equal("Hello from a. token1 token2", string.Concat(events.SelectMany(e => e.GetProperty("choices").EnumerateArray()).Select(c => c.GetProperty("text").GetString())));
        Assert.DoesNotContain(events, e => e.GetProperty("choices").GetArrayLength() == 0);
        Assert.EndsWith("data: [DONE]", body.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("\"include_usage\":true", _upstreams["a"].Received.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ClientAskingForUsage_GetsTheUsageChunk()
    {
        await using var gateway = await StartGatewayAsync();

        var (_, body) = await gateway.Client.ExchangeAsync(Completion(stream: true, includeUsage: true));

        var usage = Assert.Single(Events(body), e => e.GetProperty("choices").GetArrayLength() == 0);
        Assert.Equal(4, usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Theory]
    [InlineData(FakeFault.ErrorEventBeforeFirstToken)]
    [InlineData(FakeFault.CloseBeforeFirstToken)]
    public async Task Stream_FailingBeforeTheFirstText_FailsOverInvisibly(FakeFault fault)
    {
        // The fake's first event has an empty text: it must be held back with the failure that follows it.
        _upstreams["a"].Script(FakeResponse.WithFault(fault));
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Completion(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.DoesNotContain("overloaded", body, StringComparison.Ordinal);
        Assert.Contains("Hello from b.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello from a.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_IsReleasedAtTheFirstText_BeforeTheProviderSendsTheRest()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstreams["a"].Default = new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold };
        await using var gateway = await StartGatewayAsync();

        using var response = await gateway.Client.SendAsync(Completion(stream: true), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("Hello from a.", StringComparison.Ordinal))
        {
            // The fake is holding its second chunk back: this read returns only if the first text was released alone.
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, read);
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.DoesNotContain("token1", seen.ToString(), StringComparison.Ordinal);
        hold.SetResult();
        var rest = await new StreamReader(stream).ReadToEndAsync();
        Assert.Contains("token2", rest, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
    }
}
