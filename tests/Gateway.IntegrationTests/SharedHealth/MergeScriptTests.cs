using System.Globalization;
using Gateway.Health.Redis;
using Gateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>The Lua scripts run by a real Redis: decay arithmetic, no lost counts under concurrent flushes, bad data repaired.</summary>
public sealed class MergeScriptTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private const long HalfLife = 30_000;
    private const long Skew = 60_000;
    private const long Year9999Ms = 253_402_300_799_000;
    private readonly RedisServer _redis = fixture.Server;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        await _redis.ResetAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
    }

    public Task DisposeAsync()
    {
        _connection.Dispose();
        return Task.CompletedTask;
    }

    private async Task<double[]> MergeAsync(string key, long now, double successes, double failures = 0, long requests = 0)
    {
        var args = new RedisValue[] { now, HalfLife, 86_400_000, Skew, successes, failures, 0, 0, 0, 0, requests, 0 };
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
                var args = new RedisValue[] { 5_000_000, HalfLife, 86_400_000, Skew, 1, 0.5, 0, 0, 0, 0, 1, 0 };
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
            [1_000_000, HalfLife, 86_400_000, Skew, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]))!;

        var repaired = (RedisResult[])rows[0]!;
        Assert.Equal(("2", "3", "1"), ((string?)repaired[0], (string?)repaired[1], (string?)repaired[12]));
        Assert.Equal("ERR", (string?)((RedisResult[])rows[1]!)[0]);
        Assert.Equal("a string, not a hash", (string?)await db.StringGetAsync("wrong"));
    }

    [Fact]
    public async Task Merge_StoredTimesFarInTheFuture_AreRepaired_SoCountsDecayAgain()
    {
        var db = _connection.GetDatabase();
        await db.HashSetAsync("future", [new("s", "8"), new("t", Year9999Ms), new("cs", "closed"), new("cu", "0"), new("cd", "5000"), new("cc", Year9999Ms)]);

        var rows = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScripts.Merge, ["future"], [1_000_000, HalfLife, 86_400_000, Skew, 0, 0, 0, 0, 0, 0, 0, 0]))!;
        var row = (RedisResult[])rows[0]!;
        Assert.Equal(("8", "", "", "2"), ((string?)row[0], (string?)row[8], (string?)row[11], (string?)row[12]));
        Assert.False(await db.HashExistsAsync("future", "cc"));

        Assert.Equal(4, (await MergeAsync("future", 1_000_000 + HalfLife, 0))[0], 9);
    }

    [Fact]
    public async Task Transition_OverAStoredTimeFarInTheFuture_IsWrittenAndPublished()
    {
        var db = _connection.GetDatabase();
        await db.HashSetAsync("frozen", "cc", Year9999Ms);
        await db.HashSetAsync("recent", "cc", 2_000_000);

        var overFuture = await db.ScriptEvaluateAsync(RedisScripts.Transition, ["frozen"], ["open", 2_005_000, 5_000, 2_000_000, "channel", "message", 2_000_000 + Skew]);
        var overNewer = await db.ScriptEvaluateAsync(RedisScripts.Transition, ["recent"], ["open", 1_995_000, 5_000, 1_990_000, "channel", "message", 1_990_000 + Skew]);

        Assert.Equal((1, 0), ((int)overFuture, (int)overNewer));
        Assert.Equal("2000000", (string?)await db.HashGetAsync("frozen", "cc"));
    }

    [Fact]
    public async Task Acquire_TakesOverOnlyALockWithoutTtlOrWithMoreThanThreeTtlsLeft()
    {
        var db = _connection.GetDatabase();
        await db.StringSetAsync("no-ttl", "gone");
        await db.StringSetAsync("long-ttl", "gone", TimeSpan.FromHours(1));
        await db.StringSetAsync("held", "other-replica", TimeSpan.FromSeconds(10));

        async Task<int> AcquireAsync(string key) => (int)await db.ScriptEvaluateAsync(RedisScripts.Acquire, [key], ["me", 10_000, 30_000]);

        Assert.Equal((2, 2, 0, 1), (await AcquireAsync("no-ttl"), await AcquireAsync("long-ttl"), await AcquireAsync("held"), await AcquireAsync("free")));
        Assert.Equal(("me", "other-replica"), ((string?)await db.StringGetAsync("no-ttl"), (string?)await db.StringGetAsync("held")));
        Assert.InRange((await db.KeyTimeToLiveAsync("no-ttl"))!.Value, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
    }
}
