using System.Globalization;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Two replicas (in-process hosts) on one redis-server and one PostgreSQL, one key with a $0.05 day budget, requests
/// one at a time alternating between them, ledger written only every 30 s (so most spend is unwritten when Redis goes):
/// Redis killed mid-run (each replica admits against its share of what remained, then the counters are rebuilt when
/// Redis is back) or flushed mid-run (rebuilt from the ledger plus every replica's unwritten spend); either way the
/// budget is never overspent by more than one estimate per replica. Fail-closed refuses limited requests while Redis
/// is away and serves unlimited ones.
/// </summary>
public sealed class RedisOutageLimitsTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private const decimal Budget = 0.05m;

    /// <summary>One request's estimate (its prompt counted by the tokenizer, 8 output tokens, at $100 per million); the actual is $0.0008.</summary>
    private const decimal Estimate = 0.0012m;

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task RedisKilledMidRun_TwoReplicas_SpendStaysWithinOneEstimatePerReplica(int concurrency)
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await StartPairAsync(upstreams, redis);
        await using (a)
        await using (b)
        {
            var before = await AlternateAsync(30, a, b, concurrency);
            await WaitForReplicasAsync(a, b);
            await redis.StopAsync();
            var during = await AlternateAsync(60, a, b, concurrency);
            await redis.StartAgainAsync();
            await Eventually.TrueAsync(() => a.Services.GetRequiredService<SharedRedis>().IsConnected && b.Services.GetRequiredService<SharedRedis>().IsConnected);
            var after = await AlternateAsync(40, a, b, concurrency);
            var ledger = await LimitsFixture.LedgerAsync(a, b);
            output.WriteLine($"{concurrency} at a time: served before the kill {before}/30, while Redis was down {during}/60, after it came back {after}/40; ledger ${ledger.Usd} of ${Budget} ({ledger.Usd / Budget:0.00}x), {ledger.Requests} requests");

            Assert.Equal(30, before);
            Assert.InRange(during, 1, 60);
            Assert.InRange(ledger.Usd, Budget - (2 * Estimate), Budget + (2 * Estimate));
        }
    }

    [Fact]
    public async Task RedisFrozenMidRun_TwoReplicas_OutageUseIsAddedWhenItAnswersAgain()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await StartPairAsync(upstreams, redis);
        await using (a)
        await using (b)
        {
            var before = await AlternateAsync(30, a, b);
            await WaitForReplicasAsync(a, b);
            await redis.PauseAsync();
            int during;
            try
            {
                during = await AlternateAsync(40, a, b);
            }
            finally
            {
                await redis.ResumeAsync();
            }

            var after = await AlternateAsync(40, a, b);
            var ledger = await LimitsFixture.LedgerAsync(a, b);
            output.WriteLine($"served before the freeze {before}/30, while Redis was frozen {during}/40, after {after}/40; ledger ${ledger.Usd} of ${Budget} ({ledger.Usd / Budget:0.00}x), {ledger.Requests} requests");

            Assert.Equal(30, before);
            Assert.InRange(during, 1, 40);
            Assert.InRange(ledger.Usd, Budget - (2 * Estimate), Budget + (2 * Estimate));
        }
    }

    [Fact]
    public async Task RedisFlushAllMidRun_TwoReplicas_UnwrittenSpendIsNotForgotten()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var (a, b) = await StartPairAsync(upstreams, redis);
        await using (a)
        await using (b)
        {
            var before = await AlternateAsync(30, a, b);
            await WaitForReplicasAsync(a, b);
            output.WriteLine(await redis.FlushAsync());
            var after = await AlternateAsync(80, a, b);
            var ledger = await LimitsFixture.LedgerAsync(a, b);
            output.WriteLine($"served before FLUSHALL {before}/30, after {after}/80; ledger ${ledger.Usd} of ${Budget} ({ledger.Usd / Budget:0.00}x), {ledger.Requests} requests");

            Assert.Equal(30, before);
            Assert.InRange(ledger.Usd, Budget - (2 * Estimate), Budget + (2 * Estimate));
        }
    }

    [Fact]
    public async Task RedisKilled_FailClosed_RefusesLimitedRequests_ServesUnlimitedOnes()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var store = await postgres.Server.CreateDatabaseAsync();
        var env = upstreams.Environment(("AI_CLIENT_KEYS", $"owner:alice:{LimitsFixture.Key},free-key"), ("AI_REDIS_URL", redis.Url));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        var limits = new LimitSet { UsdPerDay = Budget };
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(store, postgres: true, ("Gateway:Accounts:WhenRedisUnreachable", "refuse")),
            services: s => s.AddSingleton<IOwnerLimits>(new AliceLimits(limits)));

        // The gateway connects to Redis in the background; failing closed, it refuses limited requests until it has.
        await Eventually.TrueAsync(() => gateway.Services.GetRequiredService<SharedRedis>().IsConnected);
        Assert.Equal(200, (await LimitsFixture.SendAsync(1, gateway))[0].Status);

        await redis.StopAsync();
        var refused = (await LimitsFixture.SendAsync(1, gateway))[0];
        var (free, _) = await gateway.Client.ExchangeAsync(Http.Chat(bearer: "free-key"));
        output.WriteLine($"limited: {refused.Status} {refused.Body}; unlimited: {(int)free.StatusCode}");

        Assert.Equal(503, refused.Status);
        Assert.Contains("limits_unavailable", refused.Body, StringComparison.Ordinal);
        Assert.Equal(200, (int)free.StatusCode);
    }

    /// <summary>Limits for alice's keys; a key of no owner has none.</summary>
    private sealed class AliceLimits(LimitSet limits) : IOwnerLimits
    {
        public LimitSet? For(string owner) => owner == "alice" ? limits : null;
    }

    private async Task<(GatewayHost A, GatewayHost B)> StartPairAsync(Upstreams upstreams, RedisServer redis)
    {
        var store = await postgres.Server.CreateDatabaseAsync();
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key), ("AI_REDIS_URL", redis.Url));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        var limits = new LimitSet { UsdPerDay = Budget };
        var settings = LimitsFixture.Settings(store, postgres: true, ("Gateway:Accounts:LedgerFlushInterval", "00:00:30"), ("Gateway:Redis:TimeoutSeconds", "0.3"));
        var a = await GatewayHost.StartAsync(env, settings, services: LimitsFixture.With(limits));
        var b = await GatewayHost.StartAsync(env, settings, services: LimitsFixture.With(limits));
        return (a, b);
    }

    /// <summary>Sends <paramref name="count"/> requests, <paramref name="concurrency"/> at a time spread over both replicas; returns how many were served.</summary>
    private static async Task<int> AlternateAsync(int count, GatewayHost a, GatewayHost b, int concurrency = 1)
    {
        var served = 0;
        for (var i = 0; i < count; i += concurrency)
        {
            var answers = concurrency == 1 ? await LimitsFixture.SendAsync(1, i % 2 == 0 ? a : b) : await LimitsFixture.SendAsync(Math.Min(concurrency, count - i), a, b);
            Assert.All(answers, answer => Assert.True(answer.Status is 200 or 429, $"{answer.Status}: {answer.Body}"));
            served += answers.Count(answer => answer.Status == 200);
        }

        return served;
    }

    /// <summary>Both replicas have seen each other's heartbeat in Redis (what their share of a budget is divided by).</summary>
    private static Task WaitForReplicasAsync(GatewayHost a, GatewayHost b) =>
        Eventually.TrueAsync(() => a.Services.GetRequiredService<ReplicaHeartbeat>().LiveReplicas == 2 && b.Services.GetRequiredService<ReplicaHeartbeat>().LiveReplicas == 2, TimeSpan.FromSeconds(20));
}
