using System.Net;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>How a replica reaches Redis: passwords with any character, and Redis Cluster.</summary>
public sealed partial class SharedHealthTests
{
    [Fact]
    public async Task RedisPasswordWithAComma_Authenticates_AndIsNeverShown()
    {
        // The class's server, with a password for this test only (set and cleared by redis-cli inside its container).
        Assert.Contains("OK", await _redis.CliAsync("CONFIG", "SET", "requirepass", "pa,ss-w0rd"), StringComparison.Ordinal);
        try
        {
            await using var replica = await StartReplicaAsync($"redis://:pa,ss-w0rd@127.0.0.1:{_redis.Port}");
            await using var wrong = await StartReplicaAsync($"redis://:wr,ong-pw@127.0.0.1:{_redis.Port}");

            await WaitUntilSharingAsync(replica);
            await WaitForAsync(() => wrong.Services.GetRequiredService<IHealthStore>().Status.Reason?.Contains("Redis", StringComparison.Ordinal) == true);
            foreach (var gateway in new[] { replica, wrong })
            {
                var (ready, body) = await gateway.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.DoesNotContain("w0rd", body, StringComparison.Ordinal);
                Assert.DoesNotContain("ong-pw", body, StringComparison.Ordinal);
                Assert.DoesNotContain(gateway.Logs.Lines, l => l.Contains("w0rd", StringComparison.Ordinal) || l.Contains("ong-pw", StringComparison.Ordinal));
            }
        }
        finally
        {
            await _redis.CliAsync("-a", "pa,ss-w0rd", "--no-auth-warning", "CONFIG", "SET", "requirepass", "");
        }
    }

    [Fact]
    public async Task RedisCluster_MergesEveryProviderInOneScript_AllKeysInOneHashSlot()
    {
        await using var cluster = await RedisClusterNode.StartAsync();
        await using var replica = await StartReplicaAsync(cluster.Url);

        await WaitUntilSharingAsync(replica);
        await replica.Client.ExchangeAsync(Http.Chat());
        await WaitForAsync(() => HealthOf(replica, "a").Source == "shared" && HealthOf(replica, "a").Requests == 1);
    }
}
