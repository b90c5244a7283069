using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests;

/// <summary>What reaches the upstream: rewritten model, the provider's own credentials, the protocol's URL.</summary>
public sealed class RequestRewriteTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task Tier_IsRewrittenToTheProvidersModel_AndTheRestOfTheBodyIsUntouched()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_B_ENABLED", "false")));
        var request = Http.Chat("FAST");
        request.Content = new StringContent("""{"temperature":0.2,"model":"FAST","messages":[{"role":"user","content":"model: smart"}],"user":"u1"}""", System.Text.Encoding.UTF8, "application/json");

        var (response, body) = await gateway.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _upstreams["a"].Received.Single();
        Assert.Equal("""{"temperature":0.2,"model":"a-fast","messages":[{"role":"user","content":"model: smart"}],"user":"u1"}""", received.Body);
        Assert.Equal("a-fast", response.Header("x-gateway-model"));
        Assert.Equal("a-fast", JsonDocument.Parse(body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task ClientAuthorization_NeverReachesTheUpstream_TheProviderKeyDoes()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        await gateway.Client.ExchangeAsync(Http.Chat(bearer: "client-secret"));
        await gateway.Client.ExchangeAsync(Http.Chat(bearer: "client-secret"));

        var received = _upstreams["a"].Received.Concat(_upstreams["b"].Received).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.DoesNotContain("client-secret", string.Join("\n", r.Headers.Values), StringComparison.Ordinal));
        Assert.Contains(received, r => r.Headers["Authorization"] == "Bearer key-a");
        Assert.Contains(received, r => r.Headers["Authorization"] == "Bearer key-b");
    }

    [Fact]
    public async Task ProviderSlashModel_PinsTheProvider_AndStripsThePrefix()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("b/llama3-8b-8192"));

        Assert.Equal(("b", "llama3-8b-8192"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model")));
        Assert.Equal("llama3-8b-8192", _upstreams["b"].Received.Single().Model);
    }

    [Fact]
    public async Task ProviderHeader_PinsTheProvider()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        for (var i = 0; i < 4; i++)
        {
            var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart", provider: "b"));
            Assert.Equal(("b", "b-smart"), (response.Header("x-gateway-provider"), response.Header("x-gateway-model")));
        }

        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task UnknownModel_PassesThroughUnchanged_ListedModel_GoesOnlyWhereListed()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(("AI_B_MODELS", "special-model")));

        for (var i = 0; i < 4; i++)
        {
            await gateway.Client.ExchangeAsync(Http.Chat("special-model"));
        }

        await gateway.Client.ExchangeAsync(Http.Chat("vendor/unlisted-model"));

        Assert.Equal(4, _upstreams["b"].Received.Count(r => r.Model == "special-model"));
        Assert.Equal("vendor/unlisted-model", _upstreams["a"].Received.Concat(_upstreams["b"].Received).Single(r => r.Model!.StartsWith("vendor", StringComparison.Ordinal)).Model);
    }

    [Fact]
    public async Task Azure_UsesDeploymentUrl_ApiVersion_AndApiKeyHeader()
    {
        var azure = _upstreams["a"];
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_AZURE_URL"] = azure.Root,
            ["AI_AZURE_KEY"] = "azure-secret",
            ["AI_AZURE_SMART"] = "gpt4-deployment",
            ["AI_AZURE_API_VERSION"] = "2024-06-01",
        });

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = azure.Received.Single();
        Assert.Equal(("/openai/deployments/gpt4-deployment/chat/completions", "?api-version=2024-06-01"), (received.Path, received.Query));
        Assert.Equal("azure-secret", received.Headers["api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ResponseHeaders_IncludeRequestId_EchoingASaneClientId()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());
        var request = Http.Chat();
        request.Headers.Add("x-request-id", "trace-123");

        var (response, _) = await gateway.Client.ExchangeAsync(request);
        var (generated, _) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal("trace-123", response.Header("x-request-id"));
        Assert.StartsWith("req_", generated.Header("x-request-id"), StringComparison.Ordinal);
        Assert.Contains(_upstreams["a"].Received.Concat(_upstreams["b"].Received), r => r.Headers.GetValueOrDefault("X-Request-Id") == "trace-123");
    }
}
