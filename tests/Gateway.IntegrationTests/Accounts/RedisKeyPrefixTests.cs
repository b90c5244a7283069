using System.Globalization;
using Gateway.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Two deployments (each its own store) sharing one redis-server under different <c>Gateway:Redis:KeyPrefix</c>es: the
/// same key and owner in both, a day budget each; one spending its budget leaves the other's whole, and every key
/// Redis holds afterwards (limits, heartbeats, health, stored conversations) carries one of the two prefixes.
/// </summary>
public sealed class RedisKeyPrefixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoDeployments_SharingOneRedis_KeepTheirOwnBudgets()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var env = upstreams.Environment(("AI_CLIENT_KEYS", $"owner:alice:{LimitsFixture.Key},free-key"), ("AI_REDIS_URL", redis.Url));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        var limits = new LimitSet { UsdPerDay = 0.01m };
        var (blueStore, greenStore) = (Directory.CreateTempSubdirectory("gateway-blue-").FullName, Directory.CreateTempSubdirectory("gateway-green-").FullName);
        try
        {
            await using var blue = await GatewayHost.StartAsync(env, LimitsFixture.Settings(blueStore, postgres: false, ("Gateway:Redis:KeyPrefix", "blue:")), services: s => s.AddSingleton<IOwnerLimits>(new AliceLimits(limits)));
            await using var green = await GatewayHost.StartAsync(env, LimitsFixture.Settings(greenStore, postgres: false, ("Gateway:Redis:KeyPrefix", "green:")), services: s => s.AddSingleton<IOwnerLimits>(new AliceLimits(limits)));

            var blueServed = await ServedOneByOneAsync(blue, 20);
            var greenServed = await ServedOneByOneAsync(green, 20);
            foreach (var gateway in new[] { blue, green })
            {
                var (stored, _) = await gateway.Client.ExchangeAsync(Surfaces.SurfaceHttp.Post("/v1/responses", """{"model":"smart","input":"Hi"}""", bearer: "free-key"));
                Assert.Equal(200, (int)stored.StatusCode); // a stored conversation
            }

            var keys = (await redis.CliAsync("--scan")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            output.WriteLine($"blue served {blueServed} of 20, then green {greenServed} of 20; Redis keys: {string.Join(' ', keys)}");

            // $0.01 at $0.0008 a request: 12 each (the last estimate of $0.0012 must fit too).
            Assert.InRange(blueServed, 10, 13);
            Assert.Equal(blueServed, greenServed);
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.True(k.StartsWith("blue:", StringComparison.Ordinal) || k.StartsWith("green:", StringComparison.Ordinal)
                || k.StartsWith("{blue:", StringComparison.Ordinal) || k.StartsWith("{green:", StringComparison.Ordinal), "a key without the prefix: " + k));
            Assert.Contains(keys, k => k.Contains("blue:", StringComparison.Ordinal) && k.Contains("usd_day", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.Contains("green:", StringComparison.Ordinal) && k.Contains("usd_day", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.StartsWith("blue:response", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.StartsWith("green:response", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(blueStore, recursive: true);
            Directory.Delete(greenStore, recursive: true);
        }
    }

    /// <summary>Limits for alice (owner of the limited key); <c>free-key</c> has no owner and none.</summary>
    private sealed class AliceLimits(LimitSet limits) : IOwnerLimits
    {
        public LimitSet? For(string owner) => owner == "alice" ? limits : null;
    }

    private static async Task<int> ServedOneByOneAsync(GatewayHost gateway, int count)
    {
        var served = 0;
        for (var i = 0; i < count; i++)
        {
            served += (await LimitsFixture.SendAsync(1, gateway))[0].Status == 200 ? 1 : 0;
        }

        return served;
    }
}
