using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Legacy completions, moderations, image generation and speech through a real gateway to fake providers: the tier
/// rewritten in place, the provider's own URL and key, failover before anything is committed, and providers whose
/// protocol has no such operation left out by routing. Provider "a" is primary, "b" second.
/// </summary>
public sealed class SurfaceForwardingTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartGatewayAsync(params (string, string)[] extra) =>
        GatewayHost.StartAsync(_upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), .. extra]));

    public static TheoryData<string, string> JsonOperations => SurfaceRequests.JsonOperations;

    public static TheoryData<string, string, string> Failovers
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var fault in new[] { "500", "429", "connect" })
            {
                foreach (var operation in SurfaceRequests.JsonOperations)
                {
                    data.Add((string)operation[0], (string)operation[1], fault);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(JsonOperations))]
    public async Task Tier_IsRewrittenInPlace_WithTheProvidersUrlAndKey(string path, string body)
    {
        await using var gateway = await StartGatewayAsync(("AI_B_ENABLED", "false"));

        var response = await gateway.Client.SendAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _upstreams["a"].Received.Single();
        Assert.Equal((path, body.Replace("\"smart\"", "\"a-smart\"", StringComparison.Ordinal), "Bearer key-a"), (received.Path, received.Body, received.Headers["Authorization"]));
        Assert.Equal(("a", "a-smart", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model"), response.Header("x-gateway-attempts")));
    }

    [Theory]
    [MemberData(nameof(Failovers))]
    public async Task FailureOnTheFirstProvider_TheSecondServes(string path, string body, string fault)
    {
        if (fault == "connect")
        {
            await using var refused = await StartGatewayAsync(("AI_A_URL", Upstreams.ClosedPortUrl()));
            await AssertServedByBAsync(refused, path, body);
            return;
        }

        _upstreams["a"].Script(FakeResponse.WithStatus(int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture), retryAfter: fault == "429" ? "1" : null));
        await using var gateway = await StartGatewayAsync();

        await AssertServedByBAsync(gateway, path, body);
        Assert.Equal("a-smart", _upstreams["a"].Received.Single().Model);
    }

    private async Task AssertServedByBAsync(GatewayHost gateway, string path, string body)
    {
        var response = await gateway.Client.SendAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("b", "b-smart", "2"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model"), response.Header("x-gateway-attempts")));
        Assert.Equal((path, "b-smart"), (_upstreams["b"].Received.Single().Path, _upstreams["b"].Received.Single().Model));
    }

    [Fact]
    public async Task Images_B64Json_PassesThroughByteForByte()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json("/v1/images/generations", """{"model":"smart","prompt":"a cat","response_format":"b64_json"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = JsonDocument.Parse(text).RootElement.GetProperty("data")[0];
        Assert.Equal(FakeUpstreamServer.Png, Convert.FromBase64String(image.GetProperty("b64_json").GetString()!));
        Assert.Equal("a cat", image.GetProperty("revised_prompt").GetString());
    }

    [Fact]
    public async Task Moderations_AnswerIsTheProviders()
    {
        await using var gateway = await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json("/v1/moderations", """{"model":"smart","input":["fine","attack"]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(("modr-a", "a-smart", true), (root.GetProperty("id").GetString(), root.GetProperty("model").GetString(), root.GetProperty("results")[0].GetProperty("flagged").GetBoolean()));
    }
}
