using System.Net;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Routing on the rest of OpenAI's surface: protocols without an operation (Anthropic has none of them, Azure has no
/// moderations) are left out before any attempt, with a 400 naming them when nobody else can serve; Azure's deployment
/// paths; bodies without their required field refused at the door.
/// </summary>
public sealed class SurfaceRoutingTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    public static TheoryData<string, string> JsonOperations => SurfaceRequests.JsonOperations;

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
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        var (response, text) = await gateway.Client.ExchangeAsync(SurfaceRequests.Json(path, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, Http.AssertOpenAIError(text).GetProperty("message").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount);
    }
}
