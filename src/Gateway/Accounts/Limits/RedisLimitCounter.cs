using System.Collections.Concurrent;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Limit counters shared by every replica: one Lua script per reservation, on the request's path; settlements queue
/// and go in batches, one script call per hash tag (<see cref="RedisSettleQueue"/>), sent when the process stops too,
/// except near a limit (less than a batch of such requests left on a line), where a settle goes at once: there the
/// budget must see the real use, not the estimate, to admit what fits.
/// Every key goes through the deployment's prefix (<see cref="SharedRedis.PrefixedDatabase"/>).
/// When Redis cannot be reached the request is not failed: this replica admits against its share of what remained
/// (<see cref="OutageBudget"/>), or refuses limited requests where configured to fail closed. When Redis answers again
/// with its state, this replica's use in the outage is added to it; when Redis lost its state (a restart, a flush), a
/// scope's counters are rebuilt from the ledger once every replica has written its own (<see cref="ReplicaHeartbeat"/>).
/// </summary>
internal sealed partial class RedisLimitCounter(SharedRedis redis, OutageBudget outage, ReplicaHeartbeat heartbeat, AccountsOptions options, TimeProvider time, ILogger<RedisLimitCounter> logger)
    : ILimitCounter, IAsyncDisposable
{
    /// <summary>How long an ended outage's use is offered to Redis before it is given up (then the ledger still has it).</summary>
    public static readonly TimeSpan OwedFor = TimeSpan.FromHours(1);

    /// <summary>How long reservations wait after a failed payment of outage debts before one tries again.</summary>
    public static readonly TimeSpan PayRetryDelay = TimeSpan.FromSeconds(1);

    private readonly RedisSettleQueue _settles = new(redis, time, logger);

    /// <summary>Ended outages' use not yet added to Redis: one debt per hash tag, oldest first.</summary>
    private readonly ConcurrentQueue<OutageDebt> _owed = new();
    private long _outstanding;
    private int _paying;
    private long _payAgainAt;

    /// <summary>
    /// A reservation waits twice the Redis timeout before it is admitted against this replica's share: a busy server or
    /// a starved CPU is not an outage, and every timeout admits one request alone.
    /// </summary>
    private TimeSpan ReserveTimeout => 2 * redis.Timeout;

    public long Outstanding => Interlocked.Read(ref _outstanding) + _settles.Waiting + outage.Open;

    /// <summary>The settle queue (for tests: its calls, and flushing it).</summary>
    internal RedisSettleQueue Settles => _settles;

    public async ValueTask<ReserveResult> ReserveAsync(Reservation reservation)
    {
        if (redis.PrefixedDatabase is not { } database || !redis.IsConnected)
        {
            return Unreachable(reservation);
        }

        var keys = new RedisKey[2 + reservation.Scopes.Count + reservation.Lines.Count];
        (keys[0], keys[1]) = (reservation.Tag + ":pending", reservation.Tag + ":held");
        for (var i = 0; i < reservation.Scopes.Count; i++)
        {
            keys[2 + i] = Marker(reservation.Tag, reservation.Scopes[i]);
        }

        var args = new RedisValue[5 + (3 * reservation.Lines.Count)];
        (args[0], args[1], args[2], args[3], args[4]) = (time.GetUtcNow().ToUnixTimeMilliseconds(), reservation.Id, reservation.Expires.ToUnixTimeMilliseconds(),
            reservation.Scopes.Count, reservation.Lines.Count);
        for (var i = 0; i < reservation.Lines.Count; i++)
        {
            var line = reservation.Lines[i];
            keys[2 + reservation.Scopes.Count + i] = line.Counter;
            (args[5 + (3 * i)], args[6 + (3 * i)], args[7 + (3 * i)]) = (line.Limit, line.Amount, line.Reset.ToUnixTimeMilliseconds());
        }

        try
        {
            var result = (RedisResult[])(await database.EvaluateInOneSlotAsync(RedisLimitScripts.Reserve, keys, args).WaitAsync(ReserveTimeout, time).ConfigureAwait(false))!;
            var code = (long)result[0];
            if (code < 0)
            {
                // A scope not loaded: seen first, or Redis lost its state. Its counters are rebuilt from the ledger, once
                // every replica has written its own there (at once when nothing was lost).
                await heartbeat.WaitForLedgersAsync(CancellationToken.None).ConfigureAwait(false);
                return ReserveResult.Missing(reservation.Scopes[(int)(long)result[1] - 1]);
            }

            if (code == 0)
            {
                var refused = reservation.Lines[(int)(long)result[1] - 1];
                outage.Seen(refused.Counter, (long)result[2]);
                return new ReserveResult(false, [(long)result[2]], refused, null);
            }

            Interlocked.Increment(ref _outstanding);
            var counters = new long[reservation.Lines.Count];
            for (var i = 0; i < counters.Length; i++)
            {
                counters[i] = (long)result[i + 1];
                var line = reservation.Lines[i];
                outage.Seen(line.Counter, counters[i]);

                // Near a limit the batch's delay would keep estimates where the use belongs and refuse requests that fit.
                reservation.SettleAtOnce |= line.Limit - counters[i] < RedisSettleQueue.BatchSize * Math.Max(1, line.Amount);
            }

            if (outage.Active || !_owed.IsEmpty)
            {
                try
                {
                    await EndOutageAsync(database).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    Log.Unreachable(logger, e.GetType().Name);
                }
            }

            return new ReserveResult(true, counters, null, null);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.Unreachable(logger, e.GetType().Name);
            if (e is TimeoutException)
            {
                // The script may still run when Redis answers again (a frozen server, a slow network): a zero settle,
                // queued behind it on the same connection, gives that hold back. Where it never ran, it adds nothing.
                _settles.Enqueue(reservation, 0, 0);
            }

            return Unreachable(reservation);
        }
    }

    /// <summary>Redis did not answer: this replica's share, or a refusal (503) where limits fail closed.</summary>
    private ReserveResult Unreachable(Reservation reservation)
    {
        if (options.WhenRedisUnreachable == RedisOutageMode.Refuse)
        {
            return new ReserveResult(false, [], null, null);
        }

        if (!outage.Active)
        {
            Log.OutageBegins(logger, heartbeat.LiveReplicas);
            outage.Begin(heartbeat.LiveReplicas, heartbeat.Epoch);
        }

        reservation.Local = true;
        return outage.Reserve(reservation);
    }

    /// <summary>
    /// Redis answers again: what this replica admitted meanwhile is added to the counters, when Redis kept its state
    /// (the same epoch); when it lost it, the counters are rebuilt from the ledger, which has that use. Each hash tag's
    /// use becomes a debt with an id, paid by <see cref="PayOwedAsync"/>.
    /// </summary>
    private async Task EndOutageAsync(IDatabase database)
    {
        var (epoch, used) = outage.End();
        if (used.Count > 0 && epoch is null)
        {
            // The outage began before this replica ever heard the epoch: whether Redis kept its state is unknown.
            Log.OutageEnds(logger, used.Count, "rebuilt from the ledger");
        }
        else if (used.Count > 0)
        {
            var now = time.GetUtcNow();
            foreach (var tag in used.GroupBy(u => u.Tag, StringComparer.Ordinal))
            {
                _owed.Enqueue(new OutageDebt(RandomIds.New(), epoch!, tag.Key, [.. tag.Select(u => (u.Scope, u.Counter, u.Used, u.Reset))], now));
            }
        }

        await PayOwedAsync(database).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds each outage debt to the counters, oldest first, one script call per hash tag; a call that fails leaves its
    /// debt and the later ones for the next reservation that reaches Redis. The script takes each debt's id once, so a
    /// call whose reply was lost and is sent again adds nothing more. A debt is dropped when Redis lost its state since
    /// (the counters are rebuilt from the ledger, which has the use) or after <see cref="OwedFor"/> (logged). A heartbeat
    /// first (or the last one, if recent) tells the epoch. One payer at a time, so a debt is dequeued only by the call
    /// that paid it; one that fails (the heartbeat's included) leaves every debt queued.
    /// </summary>
    private async Task PayOwedAsync(IDatabase database)
    {
        if (_owed.IsEmpty || time.GetUtcNow().UtcTicks < Volatile.Read(ref _payAgainAt) || Interlocked.CompareExchange(ref _paying, 1, 0) != 0)
        {
            return;
        }

        var paid = false;
        try
        {
            // The epoch as Redis has it now: a debt of an epoch Redis lost is in the ledger the counters are rebuilt from.
            if (!await heartbeat.BeatAsync(CancellationToken.None).ConfigureAwait(false))
            {
                return; // not paid: try again after the delay
            }

            while (_owed.TryPeek(out var debt))
            {
                if (heartbeat.Epoch != debt.Epoch || time.GetUtcNow() - debt.Since > OwedFor)
                {
                    _owed.TryDequeue(out _);
                    Log.OutageEnds(logger, debt.Counters.Count, heartbeat.Epoch != debt.Epoch ? "rebuilt from the ledger" : "given up: Redis did not take it for an hour");
                    continue;
                }

                var keys = new RedisKey[1 + (2 * debt.Counters.Count)];
                var args = new RedisValue[2 + (2 * debt.Counters.Count)];
                (keys[0], args[0], args[1]) = (debt.Tag + ":outages", debt.Id, (long)(2 * OwedFor).TotalMilliseconds);
                for (var i = 0; i < debt.Counters.Count; i++)
                {
                    var (scope, counter, used, reset) = debt.Counters[i];
                    (keys[1 + (2 * i)], keys[2 + (2 * i)]) = (Marker(debt.Tag, scope), counter);
                    (args[2 + (2 * i)], args[3 + (2 * i)]) = (used, reset.ToUnixTimeMilliseconds());
                }

                await database.EvaluateInOneSlotAsync(RedisLimitScripts.AddOutage, keys, args).WaitAsync(redis.Timeout, time).ConfigureAwait(false);
                _owed.TryDequeue(out _);
                Log.OutageEnds(logger, debt.Counters.Count, "added to Redis");
            }

            paid = true;
        }
        finally
        {
            // After a failure, reservations wait a second before trying again: at most one extra call a second, not one each.
            Volatile.Write(ref _payAgainAt, paid ? 0 : (time.GetUtcNow() + PayRetryDelay).UtcTicks);
            Volatile.Write(ref _paying, 0);
        }
    }

    public ValueTask SettleAsync(Reservation reservation, long tokens, long microUsd)
    {
        if (reservation.Local)
        {
            outage.Settle(reservation, tokens, microUsd);
            return ValueTask.CompletedTask;
        }

        Interlocked.Decrement(ref _outstanding);
        _settles.Enqueue(reservation, tokens, microUsd);
        return ValueTask.CompletedTask;
    }

    public async ValueTask LoadAsync(string tag, string scope, IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> counters)
    {
        if (redis.PrefixedDatabase is not { } database || !redis.IsConnected)
        {
            outage.Load(tag, scope, counters);
            return;
        }

        var keys = new RedisKey[1 + counters.Count];
        keys[0] = Marker(tag, scope);
        var args = new RedisValue[1 + (2 * counters.Count)];
        args[0] = time.GetUtcNow().AddDays(40).ToUnixTimeMilliseconds();
        for (var i = 0; i < counters.Count; i++)
        {
            keys[1 + i] = counters[i].Counter;
            (args[1 + (2 * i)], args[2 + (2 * i)]) = (counters[i].Value, counters[i].Reset.ToUnixTimeMilliseconds());
        }

        try
        {
            await database.EvaluateInOneSlotAsync(RedisLimitScripts.Load, keys, args).WaitAsync(redis.Timeout, time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.Unreachable(logger, e.GetType().Name);
            outage.Load(tag, scope, counters);
        }
    }

    /// <summary>Sends the settles still queued (the host disposes this after its server stopped taking requests).</summary>
    public ValueTask DisposeAsync() => _settles.DisposeAsync();

    /// <summary>One GET (this replica's view while Redis is unreachable, as reservations then are).</summary>
    public async ValueTask<long> ReadAsync(string counter)
    {
        if (redis.PrefixedDatabase is not { } database || !redis.IsConnected)
        {
            return outage.Read(counter);
        }

        try
        {
            return (long?)await database.StringGetAsync(counter).WaitAsync(redis.Timeout, time).ConfigureAwait(false) ?? 0;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return outage.Read(counter);
        }
    }

    /// <summary>Outage debts not yet added to Redis (for tests).</summary>
    internal int Owed => _owed.Count;

    private static string Marker(string tag, string scope) => tag + ":loaded:" + scope;

    /// <summary>What one outage admitted on one hash tag's counters, to add to Redis once, under <paramref name="Id"/>.</summary>
    private sealed record OutageDebt(string Id, string Epoch, string Tag, IReadOnlyList<(string Scope, string Counter, long Used, DateTimeOffset Reset)> Counters, DateTimeOffset Since);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LimitRedisUnreachable, Level = LogLevel.Warning, Message = "Limits: Redis unreachable ({Error})")]
        public static partial void Unreachable(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.LimitOutageBegins, Level = LogLevel.Warning, Message = "Limits: Redis unreachable; this replica admits against its share of what remains (1/{Replicas}) until it answers")]
        public static partial void OutageBegins(ILogger logger, int replicas);

        [LoggerMessage(EventId = EventIds.LimitOutageEnds, Level = LogLevel.Information, Message = "Limits: Redis answers again; this replica's use of {Counters} counters meanwhile is {How}")]
        public static partial void OutageEnds(ILogger logger, int counters, string how);
    }
}
