using System.Globalization;
using Gateway.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Two deployments (each its own store) sharing one redis-server under different <c>Gateway:Redis:KeyPrefix</c>es: the
/// same key id and owner in both, a day budget each; one spending its budget leaves the other's whole, and every key
/// Redis holds afterwards carries one of the two prefixes.
/// </summary>
public sealed class RedisKeyPrefixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoDeployments_SharingOneRedis_KeepTheirOwnBudgets()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key), ("AI_REDIS_URL", redis.Url));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        var limits = new LimitSet { UsdPerDay = 0.01m };
        var (blueStore, greenStore) = (Directory.CreateTempSubdirectory("gateway-blue-").FullName, Directory.CreateTempSubdirectory("gateway-green-").FullName);
        try
        {
            await using var blue = await GatewayHost.StartAsync(env, LimitsFixture.Settings(blueStore, postgres: false, ("Gateway:Redis:KeyPrefix", "blue:")), services: LimitsFixture.With(limits));
            await using var green = await GatewayHost.StartAsync(env, LimitsFixture.Settings(greenStore, postgres: false, ("Gateway:Redis:KeyPrefix", "green:")), services: LimitsFixture.With(limits));

            var blueServed = await ServedOneByOneAsync(blue, 20);
            var greenServed = await ServedOneByOneAsync(green, 20);
            var keys = (await RedisCli.RunAsync(["-p", redis.Port.ToString(CultureInfo.InvariantCulture), "--scan"])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            output.WriteLine($"blue served {blueServed} of 20, then green {greenServed} of 20; Redis keys: {string.Join(' ', keys)}");

            // $0.01 at $0.0008 a request: 12 each (the last estimate of $0.0012 must fit too).
            Assert.InRange(blueServed, 10, 13);
            Assert.Equal(blueServed, greenServed);
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.True(k.StartsWith("blue:", StringComparison.Ordinal) || k.StartsWith("green:", StringComparison.Ordinal)
                || k.StartsWith("{blue:", StringComparison.Ordinal) || k.StartsWith("{green:", StringComparison.Ordinal), "a key without the prefix: " + k));
            Assert.Contains(keys, k => k.Contains("blue:", StringComparison.Ordinal) && k.Contains("usd_day", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.Contains("green:", StringComparison.Ordinal) && k.Contains("usd_day", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(blueStore, recursive: true);
            Directory.Delete(greenStore, recursive: true);
        }
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
