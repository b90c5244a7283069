using System.Diagnostics;
using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.Health.Redis;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>
/// Two gateway replicas sharing health through a real three-node Redis Cluster. Replica A is given every node,
/// replica B one node only (the one holding neither the health hashes nor the probe locks), so B's client must
/// discover the others. The prefix is chosen so health hashes and probe locks live on different nodes.
/// </summary>
// Alone: it asserts a circuit opening reaches the other replica within a second.
[Collection(AloneCollection.Name)]
public sealed partial class ClusterSharedHealthTests(RedisClusterFixture fixture) : IClassFixture<RedisClusterFixture>, IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private string _prefix = "";
    private int _healthNode, _probeNode;

    private RedisCluster Cluster => fixture.Cluster;

    private int OtherNode => 3 - _healthNode - _probeNode;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a", "b");
        for (var i = 0; i < 100 && _healthNode == _probeNode; i++)
        {
            _prefix = $"c{Guid.NewGuid():N}"[..13] + ":";
            _healthNode = await Cluster.NodeOwningAsync(RedisHashSlot.Of(RedisKeys.Health(_prefix, "a")));
            _probeNode = await Cluster.NodeOwningAsync(RedisHashSlot.Of(RedisKeys.Probe(_prefix, "a")));
        }

        Assert.NotEqual(_healthNode, _probeNode);
    }

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>A on every node, B on one; both sharing.</summary>
    private async Task<(GatewayHost A, GatewayHost B)> StartPairAsync(string rotation = "failover")
    {
        var a = await StartReplicaAsync(Cluster.AllNodes, rotation);
        var b = await StartReplicaAsync(Cluster.Url(OtherNode), rotation);
        await WaitForAsync(() => !Store(a).Status.Degraded && !Store(b).Status.Degraded);
        return (a, b);
    }

    private Task<GatewayHost> StartReplicaAsync(string redis, string rotation) =>
        GatewayHost.StartAsync(
            _upstreams.Environment([("AI_ROTATION", rotation), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_REDIS_URL", redis)]),
            new Dictionary<string, string?>
            {
                ["Gateway:Redis:KeyPrefix"] = _prefix,
                ["Gateway:Health:FailureThreshold"] = "3",
                ["Gateway:Health:OpenCooldownSeconds"] = "0.5",
            });

    private static IHealthStore Store(GatewayHost gateway) => SharingReplicas.Store(gateway);

    private static ProviderHealthSnapshot HealthOf(GatewayHost gateway, string provider) => SharingReplicas.HealthOf(gateway, provider);

    private static Task<TimeSpan> WaitForAsync(Func<bool> condition, double seconds = 10) => SharingReplicas.WaitForAsync(condition, seconds);

    private Task OpenCircuitOfAAsync(GatewayHost replica) => SharingReplicas.OpenCircuitOfAAsync(_upstreams, replica);

    [Fact]
    public async Task OpeningOnA_IsSeenOnB_ThroughTheChannel_AndStoredOnTheNodeOfItsSlot()
    {
        var (replicaA, replicaB) = await StartPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;

        // B was given one node and found the other two.
        Assert.Equal(3, replicaB.Services.GetRequiredService<SharedRedis>().Multiplexer!.GetEndPoints().Length);
        await OpenCircuitOfAAsync(replicaA);

        var seenAfter = await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open, seconds: 1);
        Assert.True(seenAfter < TimeSpan.FromSeconds(1), $"B saw the opening after {seenAfter}");
        Assert.Contains(replicaB.Logs.Lines, l => l.Contains("as replica", StringComparison.Ordinal));
        Assert.Equal("open", (await Cluster.CliAsync(_healthNode, "hget", RedisKeys.Health(_prefix, "a"), "cs")).Trim());
        var (ready, body) = await replicaB.Client.ExchangeAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"health_store\":\"redis\"", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"ready\"", body, StringComparison.Ordinal);
    }
}
