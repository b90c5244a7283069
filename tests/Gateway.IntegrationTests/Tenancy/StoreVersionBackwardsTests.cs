using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Tenancy;

/// <summary>
/// The store's version moved backwards (a restored backup, a lagging database) under two replicas: a revocation made
/// after it still reaches both (any change of the version reloads, in either direction), and the move is logged.
/// </summary>
public sealed class StoreVersionBackwardsTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task VersionMovedBackwards_RevocationStillReachesTwoReplicas_AndIsLogged()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("global");
        await using var redis = await RedisServer.StartAsync();
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        var env = StoreBackend.Environment(extra: [("AI_GLOBAL_URL", upstream.BaseUrl), ("AI_GLOBAL_TYPE", "custom"), ("AI_GLOBAL_KEY", "key-global"), ("AI_GLOBAL_SMART", "global-smart"), ("AI_REDIS_URL", redis.Url)]);
        await using var a = await GatewayHost.StartAsync(env, store.Settings());
        await using var b = await GatewayHost.StartAsync(env, store.Settings());

        // Some history, so the version has somewhere to fall back from.
        var keys = new List<(string Id, string Key)>();
        for (var i = 0; i < 4; i++)
        {
            keys.Add(await a.Client.CreateKeyAsync("carol"));
        }

        var (id, key) = keys[^1];
        await ReplicaEnvironment.WaitForAsync(async () => (await b.Client.ChatAsync(key)).Status == 200, TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await a.Client.ChatAsync(key)).Status);
        var before = long.Parse((await StoreSql.QueryAsync(store, "SELECT version FROM store_version"))[0][0]!, System.Globalization.CultureInfo.InvariantCulture);

        // A restored backup: the version goes back to 1.
        await StoreSql.ExecuteAsync(store, "UPDATE store_version SET version = 1");
        Assert.Equal(200, (await a.Client.AdminAsync(HttpMethod.Delete, $"/admin/keys/{id}")).Status);
        output.WriteLine($"version {before} -> 1 -> revocation at 2");

        Assert.Equal(401, (await a.Client.ChatAsync(key)).Status);
        var refused = await ReplicaEnvironment.WaitForAsync(async () => (await b.Client.ChatAsync(key)).Status == 401, TimeSpan.FromSeconds(10));
        output.WriteLine($"refused on B after {refused.TotalMilliseconds:0} ms");
        Assert.Equal(200, (await b.Client.ChatAsync(keys[0].Key)).Status);
        Assert.Contains(b.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("[1215]", StringComparison.Ordinal));
    }
}
