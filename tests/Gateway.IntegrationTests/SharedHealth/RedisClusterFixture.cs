using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>One three-node Redis Cluster for every test of a class (each test uses its own key prefix), stopped and deleted after the last.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    internal RedisCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
