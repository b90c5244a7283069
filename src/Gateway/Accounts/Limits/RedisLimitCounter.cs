using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Limit counters shared by every replica: one Lua script per reservation, on the request's path; settlements queue
/// and go in batches, one script call per hash tag (<see cref="RedisSettleQueue"/>), sent when the process stops too,
/// except near a limit (less than a batch of such requests left on a line), where a settle goes at once: there the
/// budget must see the real use, not the estimate, to admit what fits.
/// When Redis cannot be reached the request is not failed: this replica counts alone (<paramref name="local"/>) until
/// Redis answers again.
/// </summary>
internal sealed partial class RedisLimitCounter(SharedRedis redis, MemoryLimitCounter local, TimeProvider time, ILogger<RedisLimitCounter> logger) : ILimitCounter, IAsyncDisposable
{
    private readonly RedisSettleQueue _settles = new(redis, time, logger);
    private long _outstanding;

    public long Outstanding => Interlocked.Read(ref _outstanding) + _settles.Waiting + local.Outstanding;

    /// <summary>The settle queue (for tests: its calls, and flushing it).</summary>
    internal RedisSettleQueue Settles => _settles;

    public async ValueTask<ReserveResult> ReserveAsync(Reservation reservation)
    {
        if (redis.Database is not { } database || !redis.IsConnected)
        {
            reservation.Local = true;
            return await local.ReserveAsync(reservation).ConfigureAwait(false);
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
            var result = (RedisResult[])(await database.EvaluateInOneSlotAsync(RedisLimitScripts.Reserve, keys, args).ConfigureAwait(false))!;
            var code = (long)result[0];
            if (code < 0)
            {
                return ReserveResult.Missing(reservation.Scopes[(int)(long)result[1] - 1]);
            }

            if (code == 0)
            {
                return new ReserveResult(false, [(long)result[2]], reservation.Lines[(int)(long)result[1] - 1], null);
            }

            Interlocked.Increment(ref _outstanding);
            var counters = new long[reservation.Lines.Count];
            for (var i = 0; i < counters.Length; i++)
            {
                counters[i] = (long)result[i + 1];
                var line = reservation.Lines[i];

                // Near a limit the batch's delay would keep estimates where the use belongs and refuse requests that fit.
                reservation.SettleAtOnce |= line.Limit - counters[i] < RedisSettleQueue.BatchSize * Math.Max(1, line.Amount);
            }

            return new ReserveResult(true, counters, null, null);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.Unreachable(logger, e.GetType().Name);
            reservation.Local = true;
            return await local.ReserveAsync(reservation).ConfigureAwait(false);
        }
    }

    public ValueTask SettleAsync(Reservation reservation, long tokens, long microUsd)
    {
        if (reservation.Local)
        {
            return local.SettleAsync(reservation, tokens, microUsd);
        }

        Interlocked.Decrement(ref _outstanding);
        _settles.Enqueue(reservation, tokens, microUsd);
        return ValueTask.CompletedTask;
    }

    public async ValueTask LoadAsync(string tag, string scope, IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> counters)
    {
        if (redis.Database is not { } database || !redis.IsConnected)
        {
            await local.LoadAsync(tag, scope, counters).ConfigureAwait(false);
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
            await database.EvaluateInOneSlotAsync(RedisLimitScripts.Load, keys, args).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.Unreachable(logger, e.GetType().Name);
            await local.LoadAsync(tag, scope, counters).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the settles still queued (the host disposes this after its server stopped taking requests).</summary>
    public ValueTask DisposeAsync() => _settles.DisposeAsync();

    /// <summary>One GET (this process's own counter while Redis is unreachable, as reservations then are).</summary>
    public async ValueTask<long> ReadAsync(string counter)
    {
        if (redis.Database is not { } database || !redis.IsConnected)
        {
            return local.Read(counter);
        }

        try
        {
            return (long?)await database.StringGetAsync(counter).ConfigureAwait(false) ?? 0;
        }
        catch (RedisException)
        {
            return local.Read(counter);
        }
    }

    private static string Marker(string tag, string scope) => tag + ":loaded:" + scope;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Limits: Redis unreachable ({Error}); this replica counts alone until it answers")]
        public static partial void Unreachable(ILogger logger, string error);
    }
}
