using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.Configuration;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Settles to a real redis-server go in batches: nothing is sent until the interval passes on the injected clock (or
/// a batch fills), then one script call per hash tag carries them all; disposing at shutdown sends what waits. Calls
/// are counted by Redis itself (<c>INFO commandstats</c>). Through a <see cref="TcpRelay"/>, what reaches Redis when a
/// connection fails: a batch lost on its way is sent again, one whose reply was lost is counted once, one that cannot
/// get through for <see cref="RedisSettleQueue.RetryFor"/> is given up; an outage's use whose add is cut is added once
/// by a later reservation.
/// </summary>
public sealed class RedisSettleBatchTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly LimitSet Limits = new() { RequestsPerMinute = 1_000_000, TokensPerDay = 100_000_000, UsdPerDay = 1000m };

    public Task InitializeAsync() => fixture.Server.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Settle_120RequestsOfTwoOwners_WaitForTheInterval_ThenGoInTwoScriptCalls()
    {
        var server = fixture.Server;
        await using var redis = await ConnectAsync(server);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var counter = Counter(redis, clock);
        var held = new List<Reservation>();
        held.AddRange(await ReserveAsync(counter, clock, "alice", 100));
        held.AddRange(await ReserveAsync(counter, clock, "bob", 20));
        var before = await EvalsAsync(server);

        foreach (var reservation in held)
        {
            await counter.SettleAsync(reservation, tokens: 10, microUsd: 100);
        }

        Assert.Equal(before, await EvalsAsync(server));
        Assert.Equal(120, counter.Outstanding);
        Assert.Equal(100, await PendingAsync(redis, held[0]));

        clock.Advance(RedisSettleQueue.Interval);
        await Eventually.TrueAsync(async () => await PendingAsync(redis, held[0]) + await PendingAsync(redis, held[^1]) == 0);

        Assert.Equal(before + 2, await EvalsAsync(server));
        Assert.Equal(2, counter.Settles.Calls);
        Assert.Equal(0, counter.Outstanding);
        Assert.Equal((1000, 10_000), await CountersAsync(redis, held[0]));
        Assert.Equal((200, 2000), await CountersAsync(redis, held[^1]));
    }

    [Fact]
    public async Task ReadAsync_AfterReservations_ReadsTheSharedCountersOfThisWindow()
    {
        var server = fixture.Server;
        await using var redis = await ConnectAsync(server);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var counter = Counter(redis, clock);
        await ReserveAsync(counter, clock, "alice", 3);
        var now = clock.GetUtcNow();

        Assert.Equal(3, await counter.ReadAsync(LimitPlanner.CounterOf("key-alice", "alice", LimitKind.RequestsPerMinute, now)));
        Assert.Equal(300, await counter.ReadAsync(LimitPlanner.CounterOf("key-alice", "alice", LimitKind.TokensPerDay, now)));
        Assert.Equal(0, await counter.ReadAsync(LimitPlanner.CounterOf("key-bob", "bob", LimitKind.RequestsPerMinute, now)));
        Assert.Equal(0, await counter.ReadAsync(LimitPlanner.CounterOf("key-alice", "alice", LimitKind.RequestsPerMinute, now.AddMinutes(1))));
    }

    [Fact]
    public async Task Settle_AFullBatch_GoesWithoutWaitingForTheInterval()
    {
        var server = fixture.Server;
        await using var redis = await ConnectAsync(server);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var counter = Counter(redis, clock);
        var held = await ReserveAsync(counter, clock, "alice", RedisSettleQueue.BatchSize);

        foreach (var reservation in held)
        {
            await counter.SettleAsync(reservation, tokens: 7, microUsd: 0);
        }

        await Eventually.TrueAsync(async () => await PendingAsync(redis, held[0]) == 0);
        Assert.Equal(1, counter.Settles.Calls);
        Assert.Equal((7 * RedisSettleQueue.BatchSize, 0), await CountersAsync(redis, held[0]));
    }

    [Fact]
    public async Task Settle_NearALimit_GoesAtOnce()
    {
        var server = fixture.Server;
        await using var redis = await ConnectAsync(server);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var counter = Counter(redis, clock);
        var far = (await ReserveAsync(counter, clock, "alice", 1))[0];
        var near = (await ReserveAsync(counter, clock, "bob", 1, new LimitSet { UsdPerDay = 0.05m, TokensPerDay = 100_000_000 }))[0];

        await counter.SettleAsync(far, tokens: 10, microUsd: 100);
        await counter.SettleAsync(near, tokens: 10, microUsd: 100);
        await Eventually.TrueAsync(async () => await PendingAsync(redis, near) == 0);

        Assert.Equal((false, true), (far.SettleAtOnce, near.SettleAtOnce));
        Assert.Equal(1, await PendingAsync(redis, far));
        Assert.Equal((10, 100), await CountersAsync(redis, near));
    }

    [Fact]
    public async Task Dispose_AtShutdown_SendsTheSettlesStillWaiting_InOneCall()
    {
        var server = fixture.Server;
        await using var redis = await ConnectAsync(server);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var counter = Counter(redis, clock);
        var held = await ReserveAsync(counter, clock, "alice", 10);
        foreach (var reservation in held)
        {
            await counter.SettleAsync(reservation, tokens: 3, microUsd: 5);
        }

        var before = await EvalsAsync(server);
        Assert.Equal(10, await PendingAsync(redis, held[0]));

        await counter.DisposeAsync();

        Assert.Equal(before + 1, await EvalsAsync(server));
        Assert.Equal(0, await PendingAsync(redis, held[0]));
        Assert.Equal(0, await redis.PrefixedDatabase!.HashLengthAsync(held[0].Tag + ":held"));
        Assert.Equal((30, 50), await CountersAsync(redis, held[0]));
    }

    [Fact]
    public async Task Settle_LostOnTheWayToRedis_IsSentAgain_AndTheCountersHoldTheUse()
    {
        await using var relayed = await RelayedAsync();
        var (relay, redis, direct, clock, counter) = (relayed.Relay, relayed.Redis, relayed.Direct, relayed.Clock, relayed.Counter);
        var held = await ReserveAndSettleAsync(relayed, 3);

        // The batch's script call leaves this replica and never reaches Redis; the connection then drops.
        relay.DropRequests = true;
        clock.Advance(RedisSettleQueue.Interval);
        await Eventually.TrueAsync(() => Task.FromResult(relay.DroppedRequestBytes > 0));
        await TimeOutAndCutAsync(relayed, 3);
        Assert.Equal((300, 3000), await CountersAsync(direct, held[0]));

        await UntilDeliveredAsync(relayed, 3);

        Assert.Equal((30, 300), await CountersAsync(direct, held[0]));
        Assert.Equal(0, await direct.PrefixedDatabase!.HashLengthAsync(held[0].Tag + ":held"));
        Assert.Equal(0, counter.Settles.Waiting);
        Assert.Equal(0, counter.Outstanding);
    }

    [Fact]
    public async Task Settle_WhoseReplyWasLost_IsSentAgain_AndCountedOnce()
    {
        await using var relayed = await RelayedAsync();
        var (relay, redis, direct, clock, counter) = (relayed.Relay, relayed.Redis, relayed.Direct, relayed.Clock, relayed.Counter);
        var held = await ReserveAndSettleAsync(relayed, 3);

        // Redis runs the batch; its reply is lost, so this replica cannot tell it from a batch that never arrived.
        relay.DropReplies = true;
        clock.Advance(RedisSettleQueue.Interval);
        await Eventually.TrueAsync(async () => await PendingAsync(direct, held[0]) == 0);
        Assert.Equal((30, 300), await CountersAsync(direct, held[0]));
        await TimeOutAndCutAsync(relayed, 3);

        await UntilDeliveredAsync(relayed, 3);
        Assert.True(counter.Settles.Calls >= 2);

        Assert.Equal((30, 300), await CountersAsync(direct, held[0]));
        Assert.Equal(0, await PendingAsync(direct, held[0]));
    }

    [Fact]
    public async Task Settle_ThatCannotReachRedisForLong_IsGivenUp_AndItsHoldsLapse()
    {
        await using var relayed = await RelayedAsync();
        var (relay, redis, direct, clock, counter) = (relayed.Relay, relayed.Redis, relayed.Direct, relayed.Clock, relayed.Counter);
        var held = await ReserveAndSettleAsync(relayed, 2);

        relay.DropRequests = true;
        var sent = clock.GetUtcNow();
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(RedisSettleQueue.Interval + redis.Timeout);
            return Task.FromResult(counter.Settles.GivenUp == 2);
        }, TimeSpan.FromSeconds(30));

        Assert.Equal((0, 0), (counter.Settles.Waiting, counter.Settles.Delivered));
        Assert.InRange(clock.GetUtcNow() - sent, RedisSettleQueue.RetryFor, RedisSettleQueue.RetryFor + TimeSpan.FromSeconds(10));
        Assert.Equal(2, await PendingAsync(direct, held[0]));
        Assert.Equal((200, 2000), await CountersAsync(direct, held[0]));
    }

    [Fact]
    public async Task OutageUse_WhoseAddIsCutOnTheWay_IsAddedOnce_ByALaterReservation()
    {
        await using var relayed = await RelayedAsync();
        var (relay, redis, direct, clock, counter) = (relayed.Relay, relayed.Redis, relayed.Direct, relayed.Clock, relayed.Counter);
        Assert.True(await relayed.Heartbeat.BeatAsync(CancellationToken.None));
        var held = await ReserveAsync(counter, clock, "alice", 2);

        // Redis cannot be reached: three requests are admitted against this replica's share, and settle there.
        relay.RefuseConnections = true;
        await relay.CutAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!redis.IsConnected));
        for (var i = 0; i < 3; i++)
        {
            var local = LimitPlanner.Plan("key-alice", "alice", Limits, null, 100, 1000, clock.GetUtcNow(), TimeSpan.FromMinutes(10));
            Assert.True((await counter.ReserveAsync(local)).Admitted);
            Assert.True(local.Local);
            await counter.SettleAsync(local, tokens: 10, microUsd: 100);
        }

        // Redis answers again; the first reservation there ends the outage, and the call adding its use is cut on its way.
        var script = RedisLimitScripts.AddOutage;
        relay.CutWhenRequestContains(Encoding.UTF8.GetBytes(script[^100..]), Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script)))));
        relay.RefuseConnections = false;
        await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected));
        held.AddRange(await ReserveAsync(counter, clock, "alice", 1));
        Assert.Equal(1, relay.Cuts);
        Assert.Equal(1, counter.Owed);
        Assert.Equal((300, 3000), await CountersAsync(direct, held[0]));

        // A reservation within a second of the failure leaves it owed (one extra call a second at most); the next one
        // that reaches Redis after that adds it, once.
        await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected));
        held.AddRange(await ReserveAsync(counter, clock, "alice", 1));
        Assert.Equal(1, counter.Owed);
        clock.Advance(RedisLimitCounter.PayRetryDelay);
        held.AddRange(await ReserveAsync(counter, clock, "alice", 1));
        Assert.Equal(0, counter.Owed);
        Assert.Equal((500 + 30, 5000 + 300), await CountersAsync(direct, held[0]));
    }

    private static RedisLimitCounter Counter(SharedRedis redis, ManualClock clock) => Counter(redis, clock, Heartbeat(redis, clock));

    private static RedisLimitCounter Counter(SharedRedis redis, ManualClock clock, ReplicaHeartbeat heartbeat) =>
        new(redis, new OutageBudget(clock), heartbeat, new AccountsOptions(), clock, NullLogger<RedisLimitCounter>.Instance);

    private static ReplicaHeartbeat Heartbeat(SharedRedis redis, ManualClock clock) => new(redis, _ => Task.CompletedTask, clock, NullLogger<ReplicaHeartbeat>.Instance);

    /// <summary>A counter whose connection goes through a <see cref="TcpRelay"/> to the fixture's server, and a direct connection to read what Redis holds.</summary>
    private async Task<Relayed> RelayedAsync()
    {
        var relay = new TcpRelay(fixture.Server.Port);
        var redis = await ConnectAsync($"redis://127.0.0.1:{relay.Port}");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var heartbeat = Heartbeat(redis, clock);
        return new Relayed(relay, redis, await ConnectAsync(fixture.Server), clock, heartbeat, Counter(redis, clock, heartbeat));
    }

    /// <summary>Reserves <paramref name="count"/> requests of alice (100 tokens, 1000 micro-USD each) and settles each at 10 tokens and 100 micro-USD: queued for the next batch.</summary>
    private static async Task<List<Reservation>> ReserveAndSettleAsync(Relayed relayed, int count)
    {
        var held = await ReserveAsync(relayed.Counter, relayed.Clock, "alice", count);
        foreach (var reservation in held)
        {
            await relayed.Counter.SettleAsync(reservation, tokens: 10, microUsd: 100);
        }

        return held;
    }

    /// <summary>The batch in flight times out (the clock passes the Redis timeout), so its settles wait again; then the connection is cut.</summary>
    private static async Task TimeOutAndCutAsync(Relayed relayed, int settles)
    {
        relayed.Clock.Advance(relayed.Redis.Timeout);
        await Eventually.TrueAsync(() => Task.FromResult(relayed.Counter.Settles.Waiting == settles));
        await relayed.Relay.CutAsync();
    }

    /// <summary>Moves the clock an interval at a time until <paramref name="settles"/> settles have had Redis's answer.</summary>
    private static Task UntilDeliveredAsync(Relayed relayed, int settles) => Eventually.TrueAsync(() =>
    {
        relayed.Clock.Advance(RedisSettleQueue.Interval);
        return Task.FromResult(relayed.Counter.Settles.Delivered == settles);
    });

    private sealed record Relayed(TcpRelay Relay, SharedRedis Redis, SharedRedis Direct, ManualClock Clock, ReplicaHeartbeat Heartbeat, RedisLimitCounter Counter) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Counter.DisposeAsync();
            await Direct.DisposeAsync();
            await Redis.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }

    private static Task<SharedRedis> ConnectAsync(RedisServer server) => ConnectAsync(server.Url);

    /// <summary>
    /// A connection whose client-side timeout (real time) is 5 s: on a loaded machine the default 0.5 s can run out and
    /// send a reservation to the outage path. The tests' own timeouts are the manual clock's, moved by <c>redis.Timeout</c>.
    /// </summary>
    private static async Task<SharedRedis> ConnectAsync(string url)
    {
        var options = new RedisOptions { ConnectionString = url, Timeout = TimeSpan.FromSeconds(5) };
        var redis = new SharedRedis(new GatewayOptions { Redis = options }, TimeProvider.System, NullLogger<SharedRedis>.Instance);
        await redis.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected));
        return redis;
    }

    /// <summary>Loads the owner's key scope (empty ledger) and reserves <paramref name="count"/> requests of 100 tokens and 1000 micro-USD.</summary>
    private static async Task<List<Reservation>> ReserveAsync(RedisLimitCounter counter, ManualClock clock, string owner, int count, LimitSet? limits = null)
    {
        var now = clock.GetUtcNow();
        var held = new List<Reservation>();
        for (var i = 0; i < count; i++)
        {
            var reservation = LimitPlanner.Plan("key-" + owner, owner, limits ?? Limits, null, 100, 1000, now, TimeSpan.FromMinutes(10));
            var result = await counter.ReserveAsync(reservation);
            if (result.MissingScope is { } scope)
            {
                await counter.LoadAsync(reservation.Tag, scope, LimitPlanner.Loaded(reservation.Tag, scope, now, 0, 0, 0, 0));
                result = await counter.ReserveAsync(reservation);
            }

            Assert.True(result.Admitted);
            Assert.False(reservation.Local);
            held.Add(reservation);
        }

        return held;
    }

    private static async Task<long> PendingAsync(SharedRedis redis, Reservation reservation) => await redis.PrefixedDatabase!.SortedSetLengthAsync(reservation.Tag + ":pending");

    /// <summary>The tokens and micro-USD counters of the day of the reservation's key.</summary>
    private static async Task<(long, long)> CountersAsync(SharedRedis redis, Reservation reservation)
    {
        async Task<long> Value(LimitKind kind) => (long)await redis.PrefixedDatabase!.StringGetAsync(reservation.Lines.Single(l => l.Kind == kind).Counter);
        return (await Value(LimitKind.TokensPerDay), await Value(LimitKind.UsdPerDay));
    }

    /// <summary>Script calls Redis has run (EVAL and EVALSHA).</summary>
    private static async Task<long> EvalsAsync(RedisServer server)
    {
        var stats = await server.CliAsync("INFO", "commandstats");
        return stats.Split('\n').Where(l => l.StartsWith("cmdstat_eval", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
    }
}
