using Gateway.IntegrationTests.Infrastructure;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.IntegrationTests.Caching;

/// <summary>The Redis store: two replicas share one cache (under the configured key prefix), and Redis away is a miss, never an error.</summary>
public sealed class SharedCacheTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Answer_KeptByOneReplica_IsAHitOnTheOther()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var (first, second) = (await StartAsync(upstreams, "cache-shared:"), await StartAsync(upstreams, "cache-shared:"));
        await using (first)
        await using (second)
        {
            var (miss, missBody) = await first.Client.ExchangeAsync(CacheRequests.Chat(stream: true));
            var (hit, hitBody) = await second.Client.ExchangeAsync(CacheRequests.Chat(stream: true));

            Assert.Equal(("miss", "hit"), (miss.Header("x-gateway-cache"), hit.Header("x-gateway-cache")));
            Assert.Equal(missBody, hitBody);
            Assert.Equal(1, upstreams["alpha"].RequestCount);

            var keys = await fixture.Server.CliAsync("--scan", "--pattern", "cache-shared:cache:*");
            Assert.Single(keys.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var ttl = int.Parse((await fixture.Server.CliAsync("ttl", keys.Trim())).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(ttl, 1, 600);
        }
    }

    [Fact]
    public async Task RedisStopped_RequestsAreServedAsMisses()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var gateway = await StartAsync(upstreams, "cache-outage:");
        Assert.Equal(200, (int)(await gateway.Client.ExchangeAsync(CacheRequests.Chat())).Response.StatusCode);

        await fixture.Server.StopAsync();
        try
        {
            var (response, _) = await gateway.Client.ExchangeAsync(CacheRequests.Chat(content: "Hello"));
            Assert.Equal((200, "miss"), ((int)response.StatusCode, response.Header("x-gateway-cache")));
        }
        finally
        {
            await fixture.Server.StartAgainAsync();
        }
    }

    /// <summary>A replica with the Redis cache, once its Redis connection is up (until then every lookup is a miss).</summary>
    private async Task<GatewayHost> StartAsync(Upstreams upstreams, string prefix)
    {
        var gateway = await StartUnconnectedAsync(upstreams, prefix);
        var redis = gateway.Services.GetRequiredService<SharedRedis>();
        for (var i = 0; i < 500 && !redis.IsConnected; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(redis.IsConnected, "the replica connected to Redis");
        return gateway;
    }

    private Task<GatewayHost> StartUnconnectedAsync(Upstreams upstreams, string prefix) =>
        GatewayHost.StartAsync(upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:client-secret"), ("AI_REDIS_URL", fixture.Server.Url)), new Dictionary<string, string?>
        {
            ["Gateway:Redis:KeyPrefix"] = prefix,
            ["Gateway:Cache:Enabled"] = "true",
            ["Gateway:Cache:Store"] = "redis",
            ["Gateway:Cache:TimeToLiveSeconds"] = "600",
        });
}
