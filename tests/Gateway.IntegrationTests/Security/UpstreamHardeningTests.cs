using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// What crosses the gateway from a provider to the client and from the client to a provider, over real sockets:
/// response headers, trace context, Azure deployment paths.
/// </summary>
public sealed class UpstreamHardeningTests : IAsyncLifetime
{
    private const string ClientTraceId = "0af7651916cd43dd8448eb211c80319c";

    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResponseHeaders_UpstreamSendsPrivateHeaders_ClientSeesOnlyAllowListed(bool stream)
    {
        _upstreams["a"].Default = new FakeResponse
        {
            Headers =
            [
                new("Set-Cookie", "session=upstream-session; Path=/"),
                new("x-internal-secret", "hunter2"),
                new("openai-organization", "org-provider-account"),
                new("Location", "https://internal.example/elsewhere"),
                new("x-ratelimit-remaining-requests", "4999"),
                new("x-request-id", "upstream-request-id"),
                new("x-unicode-note", "caf\u00e9 \u2713"),
                new("openai-processing-ms", "42"),
                new("openai-version", "2020-10-01"),
            ],
        };
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: stream));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from a.", body, StringComparison.Ordinal);
        var names = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var leaked in new[] { "Set-Cookie", "x-internal-secret", "openai-organization", "Location", "x-ratelimit-remaining-requests", "x-unicode-note" })
        {
            Assert.DoesNotContain(leaked, names);
        }

        Assert.Equal(("42", "2020-10-01"), (response.Header("openai-processing-ms"), response.Header("openai-version")));
        Assert.NotEqual("upstream-request-id", response.Header("x-request-id"));
        Assert.Equal(stream ? "text/event-stream" : "application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task ResponseHeaders_NonAsciiValueInAllowListedHeader_IsDroppedAndTheAnswerArrives(int status)
    {
        _upstreams["a"].Default = new FakeResponse { Status = status, Headers = [new("openai-processing-ms", "12\u00e9"), new("openai-version", "2020-10-01")] };
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Contains(status == 200 ? "Hello from a." : "fake upstream error 400", body, StringComparison.Ordinal);
        Assert.Equal(("", "2020-10-01"), (response.Header("openai-processing-ms"), response.Header("openai-version")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TraceContext_ClientSendsBaggage_OnlyTraceparentGoesUpstream(bool stream)
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment());
        var request = Http.Chat(stream: stream);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{ClientTraceId}-b7ad6b7169203331-01");
        request.Headers.TryAddWithoutValidation("tracestate", "tenant=secret-state");
        request.Headers.TryAddWithoutValidation("baggage", "user=secret");
        request.Headers.TryAddWithoutValidation("Correlation-Context", "user=secret2");

        var (response, _) = await gateway.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _upstreams["a"].Received.Single();
        Assert.False(received.Headers.ContainsKey("baggage"), "baggage went upstream");
        Assert.False(received.Headers.ContainsKey("Correlation-Context"), "Correlation-Context went upstream");
        Assert.False(received.Headers.ContainsKey("tracestate"), "tracestate went upstream");
        Assert.DoesNotContain(received.Headers, h => h.Value.Contains("secret", StringComparison.Ordinal));
        Assert.Matches($"^00-{ClientTraceId}-[0-9a-f]{{16}}-0[01]$", received.Headers["traceparent"]);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/../../models")]
    [InlineData("dep?x=1")]
    [InlineData("dep#frag")]
    [InlineData("dep%2F..")]
    [InlineData("dep\u0001")]
    [InlineData("d\u00e9ployment")]
    public async Task Azure_InvalidDeploymentName_Is400AndNothingIsSent(string model)
    {
        var azure = _upstreams["a"];
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_AZURE_URL"] = azure.Root,
            ["AI_AZURE_KEY"] = "azure-secret",
            ["AI_AZURE_SMART"] = "gpt4-deployment",
        });

        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(model));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Http.AssertOpenAIError(body);
        // Names no provider could take (control or non-ASCII characters) are refused at ingress already; the rest by the Azure adapter.
        Assert.Contains(error.GetProperty("code").GetString(), new[] { "unsupported_by_provider", "invalid_request" });
        Assert.Contains("'model'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("azure-secret", body, StringComparison.Ordinal);
        Assert.Equal(0, azure.RequestCount);
    }

    [Fact]
    public async Task Azure_ValidDeploymentNameWithDots_IsSentToItsOwnPath()
    {
        var azure = _upstreams["a"];
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_AZURE_URL"] = azure.Root,
            ["AI_AZURE_KEY"] = "azure-secret",
            ["AI_AZURE_SMART"] = "gpt4-deployment",
        });

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("gpt-4.1_mini"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/gpt-4.1_mini/chat/completions", azure.Received.Single().Path);
    }
}
