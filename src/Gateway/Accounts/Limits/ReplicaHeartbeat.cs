using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Each replica's heartbeat in Redis, every <see cref="Interval"/> (one script call): how many replicas are live (what a
/// budget is divided by while Redis is away, see <see cref="OutageBudget"/>), and which Redis state is in place (an
/// epoch: a random id Redis keeps until it loses its data, by a restart or a flush). A replica that finds a new epoch
/// writes its unwritten ledger to the store and then acknowledges the epoch; counters are rebuilt from the ledger only
/// once every live replica has (<see cref="WaitForLedgersAsync"/>), so no replica's unwritten spend is forgotten.
/// </summary>
internal sealed partial class ReplicaHeartbeat(SharedRedis redis, Func<CancellationToken, Task> flushLedger, TimeProvider time, ILogger<ReplicaHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A replica not heard from for this long is no longer live.</summary>
    public static readonly TimeSpan Lapse = 3 * Interval;

    /// <summary>Beats asked for within this long of the last one get its answer (many requests waiting for one rebuild).</summary>
    private static readonly TimeSpan Reuse = TimeSpan.FromMilliseconds(50);

    private static readonly RedisKey[] Keys = [ReplicaKeys.Live, ReplicaKeys.Epoch, ReplicaKeys.Acks];

    private readonly SemaphoreSlim _beating = new(1, 1);
    private volatile string? _epoch;
    private volatile string? _flushed;
    private int _live = 1;
    private int _acked = 1;
    private int _expected = 1;
    private DateTimeOffset _beatAt = DateTimeOffset.MinValue;
    private long _changedAt = long.MinValue / 2;

    /// <summary>Live replicas at the last heartbeat Redis answered (this one included; 1 before any).</summary>
    public int LiveReplicas => Volatile.Read(ref _live);

    /// <summary>The Redis state last seen (null before any heartbeat was answered).</summary>
    public string? Epoch => _epoch;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Leaves the live set at shutdown, so the others' shares grow at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (redis.PrefixedDatabase is { } database && redis.IsConnected)
        {
            try
            {
                await database.SortedSetRemoveAsync(ReplicaKeys.Live, redis.InstanceId).WaitAsync(TimeSpan.FromSeconds(1), time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // It lapses from the set by itself.
            }
        }
    }

    /// <summary>One heartbeat (or the answer of one a moment ago). False when Redis did not answer.</summary>
    public async Task<bool> BeatAsync(CancellationToken cancellationToken)
    {
        await _beating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (time.GetUtcNow() - _beatAt < Reuse)
            {
                return true;
            }

            // A second round acknowledges an epoch found new in the first, once this replica's ledger is written.
            for (var round = 0; round < 2; round++)
            {
                if (redis.PrefixedDatabase is not { } database || !redis.IsConnected)
                {
                    return false;
                }

                var now = time.GetUtcNow();
                var result = (RedisResult[])(await database.EvaluateInOneSlotAsync(RedisLimitScripts.Heartbeat, Keys,
                    [now.ToUnixTimeMilliseconds(), redis.InstanceId, (long)Lapse.TotalMilliseconds, Contracts.RandomIds.New(), _flushed ?? ""]).WaitAsync(redis.Timeout, time, cancellationToken).ConfigureAwait(false))!;
                var (live, epoch, acked) = ((int)(long)result[0], (string)result[1]!, (int)(long)result[2]);
                var before = Volatile.Read(ref _live);
                (_live, _acked, _epoch, _beatAt) = (Math.Max(1, live), acked, epoch, now);
                if (epoch == _flushed)
                {
                    return true;
                }

                if (_flushed is not null)
                {
                    // Redis lost the live set with its state: the replicas live before must acknowledge too (those that
                    // did not beat since come within a heartbeat; one that died is waited for until it would have lapsed).
                    (_expected, _changedAt) = (Math.Max(before, live), now.ToUnixTimeMilliseconds());
                    Log.NewState(logger);
                }

                try
                {
                    await flushLedger(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Kept in the spool: the store is away, and counters cannot be rebuilt from it until it is back.
                    Log.FlushFailed(logger, e.GetType().Name);
                }

                _flushed = epoch;
            }

            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
        finally
        {
            _beating.Release();
        }
    }

    /// <summary>
    /// Before counters are rebuilt from the ledger: waits until every live replica has written its ledger for the Redis
    /// state in place (at most <see cref="Lapse"/>: a replica that died meanwhile leaves the live set by then).
    /// </summary>
    public async Task WaitForLedgersAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Lapse;
        while (await BeatAsync(cancellationToken).ConfigureAwait(false) && Volatile.Read(ref _acked) < Expected() && time.GetUtcNow() < deadline)
        {
            await Task.Delay(Interval / 10, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Acknowledgements a rebuild waits for: the live replicas, and for a while after Redis lost its state, those live before.</summary>
    private int Expected() => time.GetUtcNow().ToUnixTimeMilliseconds() - Volatile.Read(ref _changedAt) <= (long)Lapse.TotalMilliseconds ? Math.Max(Volatile.Read(ref _expected), Volatile.Read(ref _live)) : Volatile.Read(ref _live);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ReplicaShareChanged, Level = LogLevel.Warning, Message = "Limits: Redis lost its state (a restart or a flush); this replica's ledger is written so that counters are rebuilt with it")]
        public static partial void NewState(ILogger logger);

        [LoggerMessage(EventId = EventIds.ReplicaHeartbeatFailed, Level = LogLevel.Warning, Message = "Limits: the ledger could not be written for a rebuild of the counters ({Error}); it is in the spool")]
        public static partial void FlushFailed(ILogger logger, string error);
    }
}
