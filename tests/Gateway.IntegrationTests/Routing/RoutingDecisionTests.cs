using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// <c>GET /admin/routing</c> over real sockets: each tier's strategy and providers, and why the last requests went where
/// they went (served, failed, not needed, circuit open, filtered, a strategy the request chose), in a bounded ring.
/// </summary>
public sealed class RoutingDecisionTests : IAsyncLifetime
{
    private const string AdminKey = "admin-secret-0123456789abcdef";
    private Upstreams _upstreams = null!;
    private FakeUpstreamServer _claude = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a", "b");
        _claude = await FakeUpstreamServer.StartAsync("claude");
    }

    public async Task DisposeAsync()
    {
        await _claude.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    /// <summary>Failover: a (priority 1), b (2), and anthropic (3, which cannot serve embeddings); one failure opens a circuit for a minute.</summary>
    private Task<GatewayHost> StartAsync(params (string Key, string? Value)[] settings) =>
        GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_ANTHROPIC_URL", _claude.Root),
                ("AI_ANTHROPIC_KEY", "sk-ant-secret"), ("AI_ANTHROPIC_SMART", "claude-sonnet-4"), ("AI_ANTHROPIC_FAST", "claude-3-5-haiku"), ("AI_ANTHROPIC_PRIORITY", "3"),
                ("AI_ADMIN_KEY", AdminKey)),
            new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            {
                ["Gateway:Health:FailureThreshold"] = "1",
                ["Gateway:Health:OpenCooldownSeconds"] = "60",
                ["Gateway:Health:MaxCooldownSeconds"] = "60",
            });

    private static async Task<HttpResponseMessage> SendAsync(GatewayHost gateway, string id, string path = "/v1/chat/completions", string? body = null, string? strategy = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body ?? """{"model":"smart","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-request-id", id);
        if (strategy is not null)
        {
            request.Headers.Add("x-gateway-strategy", strategy);
        }

        var response = await gateway.Client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return response;
    }

    private static async Task<(HttpStatusCode Status, string Body)> RoutingAsync(GatewayHost gateway, string? key = AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/routing");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await gateway.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Decision(JsonElement root, string id) =>
        root.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("request_id").GetString() == id);

    private static Dictionary<string, (string Verdict, string? Detail)> Verdicts(JsonElement decision) =>
        decision.GetProperty("candidates").EnumerateArray().ToDictionary(
            c => c.GetProperty("provider").GetString()!, c => (c.GetProperty("verdict").GetString()!, c.GetProperty("detail").GetString()));

    [Fact]
    public async Task Decisions_SayWhyEachRequestWentWhereItWent()
    {
        await using var gateway = await StartAsync();

        Assert.Equal("a", (await SendAsync(gateway, "req-healthy")).Header("x-gateway-provider"));
        _upstreams["a"].Script(FakeResponse.WithStatus(500));
        Assert.Equal("b", (await SendAsync(gateway, "req-failover")).Header("x-gateway-provider"));
        Assert.Equal("b", (await SendAsync(gateway, "req-open")).Header("x-gateway-provider"));
        Assert.Equal("b", (await SendAsync(gateway, "req-embeddings", "/v1/embeddings", """{"model":"fast","input":"hello"}""")).Header("x-gateway-provider"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, "req-cost", strategy: "cost")).StatusCode);

        var (status, body) = await RoutingAsync(gateway);
        Assert.Equal(HttpStatusCode.OK, status);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal("failover", root.GetProperty("rotation").GetString());
        var smart = root.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "smart");
        Assert.Equal("failover", smart.GetProperty("strategy").GetString());
        Assert.Equal(["a", "anthropic", "b"], smart.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("open", smart.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "a").GetProperty("circuit").GetString());

        // Newest first.
        Assert.Equal(["req-cost", "req-embeddings", "req-open", "req-failover", "req-healthy"],
            root.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("request_id").GetString()!));

        var healthy = Decision(root, "req-healthy");
        Assert.Equal(("smart", "tier:smart", "failover", "rotation", "a", 200, 1),
            (healthy.GetProperty("model").GetString(), healthy.GetProperty("candidate_set").GetString(), healthy.GetProperty("strategy").GetString(),
             healthy.GetProperty("strategy_source").GetString(), healthy.GetProperty("provider").GetString(), healthy.GetProperty("status").GetInt32(), healthy.GetProperty("attempts").GetInt32()));
        Assert.Equal(new Dictionary<string, (string, string?)> { ["a"] = ("served", "rank 1 by failover"), ["b"] = ("not_needed", "rank 2"), ["anthropic"] = ("not_needed", "rank 3") }, Verdicts(healthy));

        var failover = Decision(root, "req-failover");
        Assert.Equal(("b", 2), (failover.GetProperty("provider").GetString(), failover.GetProperty("attempts").GetInt32()));
        Assert.Equal(("failed", "rank 1: HTTP 500"), Verdicts(failover)["a"]);
        Assert.Equal(("served", "rank 2 by failover"), Verdicts(failover)["b"]);

        var open = Verdicts(Decision(root, "req-open"));
        Assert.Equal("circuit_open", open["a"].Verdict);
        Assert.StartsWith("open until ", open["a"].Detail, StringComparison.Ordinal);
        Assert.Equal(("served", "rank 1 by failover"), open["b"]);

        var embeddings = Verdicts(Decision(root, "req-embeddings"));
        Assert.Equal(("filtered", "cannot serve this operation or content"), embeddings["anthropic"]);
        Assert.Equal("circuit_open", embeddings["a"].Verdict);
        Assert.Equal("served", embeddings["b"].Verdict);

        var cost = Decision(root, "req-cost");
        Assert.Equal(("cost", "request"), (cost.GetProperty("strategy").GetString(), cost.GetProperty("strategy_source").GetString()));
        Assert.Equal(("served", "rank 1 by cost"), Verdicts(cost)[cost.GetProperty("provider").GetString()!]);

        Assert.DoesNotContain("key-a", body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CacheHit_IsADecision_NoCandidateNeeded()
    {
        await using var gateway = await StartAsync(("Gateway:Cache:Enabled", "true"));
        const string body = """{"model":"smart","temperature":0,"messages":[{"role":"user","content":"the same question"}]}""";
        var miss = await SendAsync(gateway, "req-miss", body: body);
        var hit = await SendAsync(gateway, "req-hit", body: body);
        Assert.Equal(("miss", "hit"), (miss.Header("x-gateway-cache"), hit.Header("x-gateway-cache")));

        using var document = JsonDocument.Parse((await RoutingAsync(gateway)).Body);
        var root = document.RootElement;
        var first = Decision(root, "req-miss");
        Assert.Equal(("a", false), (first.GetProperty("provider").GetString(), first.GetProperty("cache_hit").GetBoolean()));
        var second = Decision(root, "req-hit");
        Assert.Equal((JsonValueKind.Null, true, 0, 200), (second.GetProperty("provider").ValueKind, second.GetProperty("cache_hit").GetBoolean(),
            second.GetProperty("attempts").GetInt32(), second.GetProperty("status").GetInt32()));
        Assert.All(Verdicts(second).Values, v => Assert.Equal(("not_needed", "cache hit: answered from the response cache"), v));
        Assert.Equal(1, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task Endpoint_NeedsTheAdminKey()
    {
        await using var gateway = await StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await RoutingAsync(gateway, key: null)).Status);
        var (status, body) = await RoutingAsync(gateway, key: "client-secret");
        Assert.Contains(status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.DoesNotContain("decisions", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ring_KeepsOnlyTheNewest_AndZeroKeepsNone()
    {
        await using (var gateway = await StartAsync(("Gateway:Selection:RecentDecisions", "2")))
        {
            for (var i = 1; i <= 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, $"req-{i}")).StatusCode);
            }

            using var document = JsonDocument.Parse((await RoutingAsync(gateway)).Body);
            Assert.Equal(["req-5", "req-4"], document.RootElement.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("request_id").GetString()!));
            Assert.Equal(2, document.RootElement.GetProperty("recent_decisions_kept").GetInt32());
        }

        await using (var gateway = await StartAsync(("Gateway:Selection:RecentDecisions", "0")))
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(gateway, "req-unrecorded")).StatusCode);
            using var document = JsonDocument.Parse((await RoutingAsync(gateway)).Body);
            Assert.Empty(document.RootElement.GetProperty("decisions").EnumerateArray());
        }
    }
}
