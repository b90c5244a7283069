using System.Diagnostics;
using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>
/// Two gateway replicas (two Kestrel hosts, each with its own Redis connection) share one real redis-server.
/// Provider "a" is everyone's primary (failover rotation), "b" the fallback.
/// </summary>
// Alone: it asserts a circuit opening reaches the other replica within a second.
[Collection(AloneCollection.Name)]
public sealed partial class SharedHealthTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private readonly RedisServer _redis = fixture.Server;
    private readonly string _prefix = $"test{Guid.NewGuid():N}:";

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a", "b");
    }

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartReplicaAsync(string? redisUrl = null, string cooldown = "0.5", params (string, string)[] extra) =>
        StartReplicaAsync(redisUrl, cooldown, settings: [], extra);

    private Task<GatewayHost> StartReplicaAsync(string? redisUrl, string cooldown, (string, string?)[] settings, params (string, string)[] extra) =>
        GatewayHost.StartAsync(
            _upstreams.Environment([("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_REDIS_URL", redisUrl ?? _redis.Url), ("AI_ADMIN_KEY", "admin-secret-0123456789abcdef"), .. extra]),
            new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Item1, s.Item2)))
            {
                ["Gateway:Redis:KeyPrefix"] = _prefix,
                ["Gateway:Health:FailureThreshold"] = "3",
                ["Gateway:Health:OpenCooldownSeconds"] = cooldown,
            });

    /// <summary>Two replicas on the same Redis and key prefix, both already sharing.</summary>
    private async Task<(GatewayHost A, GatewayHost B)> StartSharingPairAsync()
    {
        var a = await StartReplicaAsync();
        var b = await StartReplicaAsync();
        await WaitUntilSharingAsync(a);
        await WaitUntilSharingAsync(b);
        return (a, b);
    }

    private Task OpenCircuitOfAAsync(GatewayHost replica) => SharingReplicas.OpenCircuitOfAAsync(_upstreams, replica);

    private static ProviderHealthSnapshot HealthOf(GatewayHost gateway, string provider) => SharingReplicas.HealthOf(gateway, provider);

    private static Task<TimeSpan> WaitForAsync(Func<bool> condition, double seconds = 5) => SharingReplicas.WaitForAsync(condition, seconds);

    private static Task WaitUntilSharingAsync(GatewayHost gateway) =>
        WaitForAsync(() => !gateway.Services.GetRequiredService<IHealthStore>().Status.Degraded);

    [Fact]
    public async Task ProviderFailingOnA_IsAvoidedByB_WithinOneSecond()
    {
        var (replicaA, replicaB) = await StartSharingPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;
        await OpenCircuitOfAAsync(replicaA);

        Assert.Equal(CircuitState.Open, HealthOf(replicaA, "a").Circuit);
        var seenAfter = await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open, seconds: 1);
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await replicaB.Client.ExchangeAsync(Http.Chat());
            Assert.Equal(("b", "1"), (response.Header("x-gateway-provider"), response.Header("x-gateway-attempts")));
        }

        Assert.Equal(3, _upstreams["a"].RequestCount);
        Assert.True(seenAfter < TimeSpan.FromSeconds(1), $"B saw the opening after {seenAfter}");
        Assert.Contains(replicaB.Logs.Lines, l => l.Contains("as replica", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scores_ConvergeOnBothReplicas()
    {
        await using var replicaA = await StartReplicaAsync(extra: ("AI_ROTATION", "round-robin"));
        await using var replicaB = await StartReplicaAsync(extra: ("AI_ROTATION", "round-robin"));
        _upstreams["a"].Script(FakeResponse.WithStatus(500));

        for (var i = 0; i < 10; i++)
        {
            await replicaA.Client.ExchangeAsync(Http.Chat());
            await replicaB.Client.ExchangeAsync(Http.Chat());
        }

        // Within a couple of flush intervals both replicas hold the same merged view, marked shared.
        await WaitForAsync(() =>
        {
            var (onA, onB) = (HealthOf(replicaA, "a"), HealthOf(replicaB, "a"));
            var total = _upstreams["a"].RequestCount;
            return onA.Source == "shared" && onB.Source == "shared" && onA.Requests == total && onB.Requests == total
                && Math.Abs(onA.Score - onB.Score) < 0.01 && Math.Abs(onA.DecayedFailures - onB.DecayedFailures) < 0.01;
        });
        var merged = HealthOf(replicaB, "a");
        Assert.Equal(1, merged.Errors);
        Assert.True(_upstreams["a"].RequestCount >= 8, $"a served {_upstreams["a"].RequestCount}");

        // Both replicas' attempts count: (successes + 1) / (successes + failures + 1) over the whole cluster.
        var successes = _upstreams["a"].RequestCount - 1;
        Assert.Equal((successes + 1.0) / (successes + 2.0), merged.Score, 2);
    }

    [Fact]
    public async Task HalfOpenProvider_IsProbedByOneReplicaAtATime()
    {
        var (replicaA, replicaB) = await StartSharingPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;
        await OpenCircuitOfAAsync(replicaA);

        await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open);

        // The provider now hangs: a probe stays in flight while both replicas keep taking traffic.
        Assert.Equal(1, await SharingReplicas.ProbesWhileHalfOpenAsync(_upstreams, replicaA, replicaB, seconds: 5));
        _upstreams["a"].Default = FakeResponse.Ok;
    }

    [Fact]
    public async Task RedisStoppedMidTraffic_NoClientErrors_Degraded_ThenRestartResumesSharing()
    {
        var (replicaA, replicaB) = await StartSharingPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 120; i++)
        {
            if (i == 40)
            {
                await _redis.StopAsync();
            }

            statuses.Add((await replicaA.Client.ExchangeAsync(Http.Chat())).Response.StatusCode);
            await Task.Delay(5);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var (ready, readyBody) = await replicaA.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"degraded\"", readyBody, StringComparison.Ordinal);
        Assert.Contains("Redis", readyBody, StringComparison.Ordinal);
        Assert.Single(replicaA.Logs.Lines, l => l.Contains("Shared health store degraded", StringComparison.Ordinal));

        await _redis.StartAgainAsync();
        await WaitUntilSharingAsync(replicaA);
        await WaitUntilSharingAsync(replicaB);

        // Sharing is back: an opening on A reaches B again.
        await OpenCircuitOfAAsync(replicaA);

        await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open, seconds: 2);
    }

    [Fact]
    public async Task RedisDownAtStartup_GatewayServes_AndSharesOnceRedisAppears()
    {
        var port = Ports.Free();
        await using var replica = await StartReplicaAsync($"redis://127.0.0.1:{port}");

        var (response, _) = await replica.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForAsync(() => replica.Services.GetRequiredService<IHealthStore>().Status.Reason?.Contains("Redis", StringComparison.Ordinal) == true);
        Assert.Equal("local", HealthOf(replica, "a").Source);
    }

    [Fact]
    public async Task CorruptedHealthData_IsIgnoredWithAWarning()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration))
        {
            var db = redis.GetDatabase();
            await db.HashSetAsync(HealthKey("a"), [new("s", "garbage"), new("cs", "sideways"), new("cu", "-5")]);
            await db.KeyDeleteAsync(HealthKey("b"));
            await db.StringSetAsync(HealthKey("b"), "hand-edited");
            await db.PublishAsync(StackExchange.Redis.RedisChannel.Literal(_prefix + "circuit"), "not|a|valid|message");
        }

        await Task.Delay(600);
        for (var i = 0; i < 10; i++)
        {
            var (response, _) = await replica.Client.ExchangeAsync(Http.Chat());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains(replica.Logs.Lines, l => l.Contains("Ignoring bad health data in Redis for b", StringComparison.Ordinal));
        Assert.Contains(replica.Logs.Lines, l => l.Contains("Ignoring bad health data in Redis for a", StringComparison.Ordinal));
        Assert.False(replica.Services.GetRequiredService<IHealthStore>().Status.Degraded);
    }

    [Fact]
    public async Task AdminHealth_NeedsTheAdminKey_AndShowsTheSharedView()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);
        await replica.Client.ExchangeAsync(Http.Chat());
        await WaitForAsync(() => HealthOf(replica, "a").Source == "shared" && HealthOf(replica, "a").Requests == 1);

        var (anonymous, anonymousBody) = await replica.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/admin/health"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/health");
        request.Headers.Authorization = new("Bearer", "admin-secret-0123456789abcdef");
        var (admin, body) = await replica.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("invalid_admin_key", Http.AssertOpenAIError(anonymousBody).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var a = json.RootElement.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "a");
        Assert.Equal(("closed", "shared", 1), (a.GetProperty("circuit").GetString(), a.GetProperty("source").GetString(), a.GetProperty("requests").GetInt32()));
        foreach (var field in new[] { "score", "open_until", "decayed_successes", "decayed_failures", "success_rate", "average_latency_ms", "average_first_token_ms", "errors", "last_used" })
        {
            Assert.True(a.TryGetProperty(field, out _), field);
        }

        Assert.DoesNotContain("key-a", body, StringComparison.Ordinal);
    }
}
