using System.Net;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Providers;

/// <summary>Live model lists in /v1/models (fetched in the background, never blocking) and the provider connectivity check.</summary>
public sealed class DiscoveryAndAdminTests : IAsyncLifetime
{
    private FakeUpstreamServer _openai = null!;
    private FakeUpstreamServer _anthropic = null!;

    public async Task InitializeAsync()
    {
        _openai = await FakeUpstreamServer.StartAsync("gpt");
        _openai.Models = ["gpt-4.1", "gpt-4o-mini", "o3"];
        _anthropic = await FakeUpstreamServer.StartAsync("claude");
        _anthropic.Models = ["claude-sonnet-4", "claude-3-5-haiku"];
    }

    public async Task DisposeAsync()
    {
        await _openai.DisposeAsync();
        await _anthropic.DisposeAsync();
    }

    private Task<GatewayHost> StartAsync(string? downUrl = null) => GatewayHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["AI_OPENAI_URL"] = _openai.BaseUrl, ["AI_OPENAI_KEY"] = "k1", ["AI_OPENAI_SMART"] = "gpt-4.1",
            ["AI_ANTHROPIC_URL"] = _anthropic.Root, ["AI_ANTHROPIC_KEY"] = "k2", ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
            ["AI_DOWN_URL"] = downUrl ?? Upstreams.ClosedPortUrl(), ["AI_DOWN_FAST"] = "down-fast",
            ["AI_ADMIN_KEY"] = "adm-0123456789abcdef0123456789",
        },
        new Dictionary<string, string?> { ["Gateway:ModelDiscovery:Enabled"] = "true", ["Gateway:ModelDiscovery:RefreshSeconds"] = "1" });

    [Fact]
    public async Task Models_IncludeEachProvidersLiveList_EvenWithAProviderDown()
    {
        await using var gateway = await StartAsync();

        List<(string Id, string Owner)> models = [];
        for (var i = 0; i < 100 && !models.Any(m => m.Id == "claude-3-5-haiku"); i++)
        {
            var (response, body) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            models = [.. JsonDocument.Parse(body).RootElement.GetProperty("data").EnumerateArray().Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("owned_by").GetString()!))];
            await Task.Delay(50);
        }

        Assert.Contains(("o3", "openai"), models);
        Assert.Contains(("claude-3-5-haiku", "anthropic"), models);
        Assert.Contains(("down-fast", "down"), models);
        Assert.Equal(models.Count, models.Select(m => m.Id).Distinct().Count());
        var anthropicCall = _anthropic.Received.FirstOrDefault(r => r.Path == "/v1/models");
        Assert.NotNull(anthropicCall);
        Assert.Equal("k2", anthropicCall.Headers["x-api-key"]);
    }

    [Fact]
    public async Task ProviderTest_ReportsLatencyAndErrorClass()
    {
        await using var gateway = await StartAsync();

        async Task<JsonElement> TestAsync(string name, string? key = "adm-0123456789abcdef0123456789")
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/providers/{name}/test");
            if (key is not null)
            {
                request.Headers.Authorization = new("Bearer", key);
            }

            var (_, body) = await gateway.Client.ExchangeAsync(request);
            return JsonDocument.Parse(body).RootElement;
        }

        var ok = await TestAsync("anthropic");
        Assert.Equal((true, 200, "ok"), (ok.GetProperty("ok").GetBoolean(), ok.GetProperty("status").GetInt32(), ok.GetProperty("error_class").GetString()));
        Assert.True(ok.GetProperty("latency_ms").GetDouble() >= 0);

        var down = await TestAsync("down");
        Assert.Equal((false, "connect"), (down.GetProperty("ok").GetBoolean(), down.GetProperty("error_class").GetString()));

        Assert.Equal("provider_not_found", (await TestAsync("nobody")).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_admin_key", (await TestAsync("openai", key: null)).GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("k1", ok.GetRawText(), StringComparison.Ordinal);
    }
}
