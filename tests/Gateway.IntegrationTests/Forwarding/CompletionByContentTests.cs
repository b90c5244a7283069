using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>
/// A chat stream is complete when its choices have their finish reason (and the usage the client asked for came),
/// with or without <c>data: [DONE]</c>: a provider that closes or stalls after a finished answer serves it, the
/// gateway writes the one <c>[DONE]</c>, and the provider's health is not charged. A stream cut before its finish
/// reason is still an interrupted stream.
/// </summary>
public sealed class CompletionByContentTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync() =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_A_IDLE_TIMEOUT", "0.5")]));

    [Theory]
    [InlineData(FakeStreamEnd.CloseWithoutDone, false)]
    [InlineData(FakeStreamEnd.CloseWithoutDone, true)]
    [InlineData(FakeStreamEnd.StallWithoutDone, false)]
    public async Task FinishedAnswer_WithoutDone_IsServedWithOneDone_AndNoHealthPenalty(FakeStreamEnd end, bool clientAsksUsage)
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 3, End = end };
        await using var gateway = await StartGatewayAsync();

        for (var i = 0; i < 6; i++)
        {
            var (response, body) = await gateway.Client.ExchangeAsync(Stream(clientAsksUsage));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("a", response.Header("x-gateway-provider"));
            Assert.DoesNotContain("\"error\"", body, StringComparison.Ordinal);
            Assert.Contains("\"finish_reason\":\"stop\"", body, StringComparison.Ordinal);
            Assert.Equal(1, Occurrences(body, "[DONE]"));
            Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
            Assert.Equal(clientAsksUsage, body.Contains("\"usage\"", StringComparison.Ordinal));
        }

        // Six complete answers (more than the circuit's five-failure threshold) never count against the provider.
        var a = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "a");
        Assert.Equal((0, CircuitState.Closed), (a.Errors, a.Circuit));
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task CutBeforeTheFinishReason_IsStillAnInterruptedStream()
    {
        _upstreams["a"].Default = new FakeResponse { Chunks = 3, Fault = FakeFault.BreakAfterChunks, BreakAfterChunks = 2 };
        await using var gateway = await StartGatewayAsync();

        var (_, body) = await gateway.Client.ExchangeAsync(Stream(clientAsksUsage: false));

        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        Assert.Contains("stream_interrupted", body, StringComparison.Ordinal);
        var a = gateway.Services.GetRequiredService<IHealthStore>().Snapshot().Single(s => s.Provider == "a");
        Assert.Equal(1, a.Errors);
    }

    private static HttpRequestMessage Stream(bool clientAsksUsage) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"stream":true""" + (clientAsksUsage ? ""","stream_options":{"include_usage":true}}""" : "}"),
            Encoding.UTF8, "application/json"),
    };

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
