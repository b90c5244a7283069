using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.Health.Redis;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>Merged scores and the probe lock across the cluster; and the fixture leaves nothing behind.</summary>
public sealed partial class ClusterSharedHealthTests
{
    [Fact]
    public async Task Scores_MergeOnBothReplicas_ThroughTheCluster()
    {
        var (replicaA, replicaB) = await StartPairAsync("round-robin");
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;
        _upstreams["a"].Script(FakeResponse.WithStatus(500));

        for (var i = 0; i < 10; i++)
        {
            await replicaA.Client.ExchangeAsync(Http.Chat());
            await replicaB.Client.ExchangeAsync(Http.Chat());
        }

        await WaitForAsync(() =>
        {
            var (onA, onB) = (HealthOf(replicaA, "a"), HealthOf(replicaB, "a"));
            var total = _upstreams["a"].RequestCount;
            return onA.Source == "shared" && onB.Source == "shared" && onA.Requests == total && onB.Requests == total
                && Math.Abs(onA.Score - onB.Score) < 0.01;
        });
        var successes = _upstreams["a"].RequestCount - 1;
        Assert.Equal((successes + 1.0) / (successes + 2.0), HealthOf(replicaA, "a").Score, 2);
        Assert.Equal(1, HealthOf(replicaB, "a").Errors);
    }

    [Fact]
    public async Task HalfOpenProvider_IsProbedByOneReplica_HoldingTheLockOnItsNode()
    {
        var (replicaA, replicaB) = await StartPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;
        await OpenCircuitOfAAsync(replicaA);
        await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open);

        Assert.Equal(1, await SharingReplicas.ProbesWhileHalfOpenAsync(_upstreams, replicaA, replicaB, seconds: 10));
        Assert.Equal("1", (await Cluster.CliAsync(_probeNode, "exists", RedisKeys.Probe(_prefix, "a"))).Trim());
        _upstreams["a"].Default = FakeResponse.Ok;
    }

    [Fact]
    public async Task Fixture_StopsItsNodes_AndDeletesItsNodesConfFiles()
    {
        var cluster = await RedisCluster.StartAsync();
        var (ports, directory) = (cluster.Ports, cluster.Directory);
        Assert.All(ports, p => Assert.True(File.Exists(Path.Combine(directory, $"nodes-{p}.conf"))));

        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        foreach (var port in ports)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        }
    }
}
