using Gateway.Configuration;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Gateway.IntegrationTests.Redis;

/// <summary>The one Redis connection of a replica, against a real redis-server.</summary>
public sealed class SharedRedisTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private static SharedRedis CreateSut(string url) =>
        new(new GatewayOptions { Redis = new RedisOptions { ConnectionString = url } }, TimeProvider.System, NullLogger<SharedRedis>.Instance);

    [Fact]
    public async Task Start_RedisAbsent_ReturnsAtOnce_ThenHoldsADisconnectedConnection_DisposedOnce()
    {
        var redis = CreateSut($"redis://127.0.0.1:{Ports.Free()}");

        Assert.True(redis.StartAsync(CancellationToken.None).IsCompleted);
        Assert.Same(redis.Connect(), redis.Connect());
        await Eventually.TrueAsync(() => redis.Multiplexer is not null);
        Assert.False(redis.IsConnected);

        await redis.DisposeAsync();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task RedisKilledAndRestarted_ReportsLossAndRestoration_AndCommandsWorkAgain()
    {
        var server = fixture.Server;
        await using var redis = CreateSut(server.Url);
        var changes = new List<bool>();
        redis.ConnectionChanged += up => { lock (changes) { changes.Add(up); } };
        await redis.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => redis.IsConnected);
        Assert.Equal("PONG", (string?)await redis.Database!.ExecuteAsync("PING"));

        await server.StopAsync();
        await Eventually.TrueAsync(() => !redis.IsConnected);
        await server.StartAgainAsync();
        await Eventually.TrueAsync(() => redis.IsConnected);
        // The restoration event is raised on the multiplexer's thread, possibly just after IsConnected turns true.
        await Eventually.TrueAsync(() => { lock (changes) { return changes.Count > 0 && changes[^1]; } });

        lock (changes)
        {
            Assert.Contains(false, changes);
            Assert.True(changes[^1]);
        }

        await redis.Database!.StringSetAsync("k", "v");
        Assert.Equal("v", (string?)await redis.Database.StringGetAsync("k"));
    }

    [Fact]
    public async Task GatewayReplica_TalksToRedisThroughOneConnection()
    {
        var server = fixture.Server;
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_REDIS_URL", server.Url)));
        await Eventually.TrueAsync(() => !gateway.Services.GetRequiredService<IHealthStore>().Status.Degraded);

        // One multiplexer: its interactive and its subscription socket, both named after this replica's connection.
        var name = "gateway-" + gateway.Services.GetRequiredService<SharedRedis>().InstanceId;
        var clients = (await server.CliAsync("client", "list"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("name=gateway-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, clients.Length);
        Assert.All(clients, c => Assert.Contains($"name={name} ", c, StringComparison.Ordinal));
    }
}
