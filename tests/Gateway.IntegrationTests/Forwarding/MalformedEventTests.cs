using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// An upstream event whose data is not valid JSON never reaches the client: it is dropped, logged and counted
/// (<c>gateway_upstream_malformed_events_total</c>); past <c>Gateway:Streams:MaxMalformedEvents</c> the stream can no
/// longer be trusted and breaks (continued elsewhere when it can be).
/// </summary>
public sealed class MalformedEventTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(Dictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_B_CONTINUATION", "true")]), settings);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MalformedChunk_IsDroppedLoggedAndCounted_NeverSentToTheClient(bool clientAsksUsage)
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 5, Fault = FakeFault.MalformedChunk, BreakAfterChunks = 2 };
        await using var gateway = await StartGatewayAsync();

        var (response, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("MALFORMED", body, StringComparison.Ordinal);
        var stream = ChatStreamBody.Parse(body); // parses every data line as JSON
        Assert.Equal("Hello from a. token1 token2 token3 token4", stream.Text);
        Assert.Equal(1, stream.Done);
        Assert.Empty(stream.Errors);
        Assert.Equal(0, _upstreams["b"].RequestCount);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("not valid JSON", StringComparison.Ordinal) && l.Contains("from a", StringComparison.Ordinal));
        var metrics = await MetricsText.ScrapeAsync(gateway.Client);
        Assert.Equal(1, metrics.Where("gateway_upstream_malformed_events_total", ("provider", "a")).Sum(s => s.Value));
    }

    [Fact]
    public async Task MoreMalformedEventsThanAllowed_BreakTheStream_WhichIsContinued()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 5, Fault = FakeFault.MalformedChunk, BreakAfterChunks = 2 };
        _upstreams["b"].Default = new FakeResponse { Chunks = 5 };
        _upstreams["b"].ContinuesPrefill = true;
        await using var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["Gateway:Streams:MaxMalformedEvents"] = "0" });

        var (_, body) = await gateway.Client.ExchangeAsync(Chat(clientAsksUsage: false));

        Assert.DoesNotContain("MALFORMED", body, StringComparison.Ordinal);
        var stream = ChatStreamBody.Parse(body);
        Assert.Equal("Hello from a. token1 token2 token3 token4", stream.Text);
        Assert.Equal(1, stream.Done);
        Assert.Empty(stream.Errors);
        Assert.Equal(1, _upstreams["b"].RequestCount);
    }

    private static HttpRequestMessage Chat(bool clientAsksUsage) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"stream":true""" + (clientAsksUsage ? ""","stream_options":{"include_usage":true}}""" : "}"),
            Encoding.UTF8, "application/json"),
    };
}
