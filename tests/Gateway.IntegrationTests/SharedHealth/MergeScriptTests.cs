using System.Globalization;
using Gateway.Health.Redis;
using Gateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>The Lua merge run by a real Redis: decay arithmetic, and no lost counts under concurrent flushes.</summary>
public sealed class MergeScriptTests : IAsyncLifetime
{
    private const long HalfLife = 30_000;
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _redis.DisposeAsync();
    }

    private async Task<double[]> MergeAsync(string key, long now, double successes, double failures = 0, long requests = 0)
    {
        var args = new RedisValue[] { now, HalfLife, 86_400_000, successes, failures, 0, 0, 0, 0, requests, 0 };
        var rows = (RedisResult[])(await _connection.GetDatabase().ScriptEvaluateAsync(RedisScripts.Merge, [key], args))!;
        var row = (RedisResult[])rows[0]!;
        return [.. row.Take(8).Select(v => double.Parse((string)v!, CultureInfo.InvariantCulture))];
    }

    [Fact]
    public async Task Merge_DecaysStoredCountsByTheHalfLife_ThenAddsTheBatch()
    {
        Assert.Equal(8, (await MergeAsync("k", 1_000_000, 8, 2))[0]);

        var afterOneHalfLife = await MergeAsync("k", 1_000_000 + HalfLife, 1);
        Assert.Equal(5, afterOneHalfLife[0], 9); // 8 / 2 + 1
        Assert.Equal(1, afterOneHalfLife[1], 9); // 2 / 2

        var afterTwoMore = await MergeAsync("k", 1_000_000 + (3 * HalfLife), 0);
        Assert.Equal(1.25, afterTwoMore[0], 9);
    }

    [Fact]
    public async Task Merge_FromAReplicaWhoseClockIsBehind_DoesNotDecayOrMoveTimeBack()
    {
        await MergeAsync("skew", 2_000_000, 4);
        var behind = await MergeAsync("skew", 1_990_000, 1);

        Assert.Equal(5, behind[0], 9);
        Assert.Equal("2000000", (string?)await _connection.GetDatabase().HashGetAsync("skew", "t"));
    }

    [Fact]
    public async Task Merge_ConcurrentFlushesFromEightReplicas_LoseNoCounts()
    {
        const int replicas = 8, flushes = 200;
        var tasks = Enumerable.Range(0, replicas).Select(async _ =>
        {
            using var own = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
            for (var i = 0; i < flushes; i++)
            {
                var args = new RedisValue[] { 5_000_000, HalfLife, 86_400_000, 1, 0.5, 0, 0, 0, 0, 1, 0 };
                await own.GetDatabase().ScriptEvaluateAsync(RedisScripts.Merge, ["concurrent"], args);
            }
        });
        await Task.WhenAll(tasks);

        var merged = await MergeAsync("concurrent", 5_000_000, 0);
        Assert.Equal(replicas * flushes, merged[0], 9);
        Assert.Equal(replicas * flushes * 0.5, merged[1], 9);
        Assert.Equal(replicas * flushes, merged[6]);
    }

    [Fact]
    public async Task Merge_RepairsAFieldThatDoesNotParse_AndReportsAWrongTypeKey()
    {
        var db = _connection.GetDatabase();
        await db.HashSetAsync("bad", [new HashEntry("s", "not a number"), new HashEntry("f", "3"), new HashEntry("t", "1000000")]);
        await db.StringSetAsync("wrong", "a string, not a hash");

        var rows = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Merge, ["bad", "wrong"],
            [1_000_000, HalfLife, 86_400_000, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]))!;

        var repaired = (RedisResult[])rows[0]!;
        Assert.Equal(("2", "3", "1"), ((string?)repaired[0], (string?)repaired[1], (string?)repaired[12]));
        Assert.Equal("ERR", (string?)((RedisResult[])rows[1]!)[0]);
        Assert.Equal("a string, not a hash", (string?)await db.StringGetAsync("wrong"));
    }
}
