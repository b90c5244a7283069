using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests;

/// <summary>Client keys, and provider keys that never leak into logs or responses.</summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Fact]
    public async Task ClientKeys_WhenConfigured_AreRequiredOnV1()
    {
        await using var gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:ClientKeys"] = "gw-key-1,gw-key-2" });

        var (missing, missingBody) = await gateway.Client.ExchangeAsync(Http.Chat(bearer: null));
        var (wrong, wrongBody) = await gateway.Client.ExchangeAsync(Http.Chat(bearer: "gw-key-3"));
        var (right, _) = await gateway.Client.ExchangeAsync(Http.Chat(bearer: "gw-key-2"));
        var (health, _) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz"));

        Assert.Equal((HttpStatusCode.Unauthorized, "missing_api_key"), (missing.StatusCode, Http.AssertOpenAIError(missingBody).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), (wrong.StatusCode, Http.AssertOpenAIError(wrongBody).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(1, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount);
    }

    [Fact]
    public async Task ProviderKeys_NeverAppearInLogsOrResponses()
    {
        _upstreams["a"].Script(FakeResponse.WithStatus(500), FakeResponse.WithFault(FakeFault.BreakAfterChunks));
        _upstreams["b"].Script(FakeResponse.WithStatus(401));
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_A_KEY", "sk-very-secret-a"), ("AI_B_KEY", "sk-very-secret-b")),
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });

        var bodies = new List<string>();
        foreach (var stream in new[] { false, true, false })
        {
            var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat(stream: stream));
            bodies.Add(string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}")) + body);
        }

        var everything = string.Join("\n", gateway.Logs.Lines.Concat(bodies));
        Assert.NotEmpty(gateway.Logs.Lines);
        Assert.DoesNotContain("sk-very-secret", everything, StringComparison.Ordinal);
    }
}
