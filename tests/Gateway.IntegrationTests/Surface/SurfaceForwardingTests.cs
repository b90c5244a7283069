using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surface;

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

    [Theory]
    [MemberData(nameof(JsonOperations))]
    public async Task AnthropicOnly_Is400UnsupportedByProvider_NamingIt(string path, string body)
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_ANTHROPIC_URL"] = _upstreams["a"].Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
        });

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Http.AssertOpenAIError(text);
        Assert.Equal("unsupported_by_provider", error.GetProperty("code").GetString());
        Assert.Contains("anthropic", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("anthropic", response.Header("x-gateway-provider"));
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [MemberData(nameof(JsonOperations))]
    public async Task AnthropicFirst_IsLeftOut_TheOpenAIProviderServesInOneAttempt(string path, string body)
    {
        var env = _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "2"), ("AI_B_ENABLED", "false"),
            ("AI_ANTHROPIC_URL", _upstreams["b"].Root), ("AI_ANTHROPIC_KEY", "sk-ant"), ("AI_ANTHROPIC_SMART", "claude-sonnet-4"), ("AI_ANTHROPIC_PRIORITY", "1"));
        await using var gateway = await GatewayHost.StartAsync(env);

        var response = await gateway.Client.SendAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("a", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        Assert.Equal(0, _upstreams["b"].RequestCount);
    }

    [Theory]
    [InlineData("/v1/completions", """{"model":"smart","prompt":"Hi"}""", "completions")]
    [InlineData("/v1/images/generations", """{"model":"smart","prompt":"a cat"}""", "images/generations")]
    [InlineData("/v1/audio/speech", """{"model":"smart","input":"Hi","voice":"alloy"}""", "audio/speech")]
    public async Task Azure_UsesTheDeploymentPath_AndApiVersion(string path, string body, string operationPath)
    {
        var azure = _upstreams["a"];
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_AZURE_URL"] = azure.Root,
            ["AI_AZURE_KEY"] = "azure-secret",
            ["AI_AZURE_SMART"] = "my-deployment",
            ["AI_AZURE_API_VERSION"] = "2024-10-21",
        });

        var response = await gateway.Client.SendAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = azure.Received.Single();
        Assert.Equal(($"/openai/deployments/my-deployment/{operationPath}", "?api-version=2024-10-21", "azure-secret"), (received.Path, received.Query, received.Headers["api-key"]));
    }

    [Fact]
    public async Task Azure_HasNoModerations_SoRoutingAnswers400()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_AZURE_URL"] = _upstreams["a"].Root,
            ["AI_AZURE_KEY"] = "azure-secret",
            ["AI_AZURE_SMART"] = "my-deployment",
        });

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json("/v1/moderations", """{"model":"smart","input":"x"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_by_provider", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData("/v1/completions", """{"model":"smart"}""", "Missing required parameter: 'prompt'.")]
    [InlineData("/v1/moderations", """{"model":"smart"}""", "Missing required parameter: 'input'.")]
    [InlineData("/v1/images/generations", """{"model":"smart","n":1}""", "Missing required parameter: 'prompt'.")]
    [InlineData("/v1/audio/speech", """{"model":"smart","voice":"alloy"}""", "Missing required parameter: 'input'.")]
    [InlineData("/v1/moderations", """{"input":"x"}""", "You must provide a model parameter.")]
    public async Task MissingRequiredField_Is400_AndNothingIsSent(string path, string body, string message)
    {
        await using var gateway = await StartGatewayAsync();

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, Http.AssertOpenAIError(text).GetProperty("message").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount);
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
